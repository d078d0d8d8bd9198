namespace Appliance.Installer.Steps;

/// <summary>
/// Runs steps in order with numbered progress. On failure it says which step failed and why, shows the
/// service's last journal lines, and undoes the applied steps in reverse, saying what it rolled back.
/// </summary>
public sealed class StepRunner(StepContext context)
{
    public async Task<bool> RunAsync(IReadOnlyList<IStep> steps, CancellationToken cancellationToken)
    {
        var applied = new Stack<IStep>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            context.Reporter.Step(i + 1, steps.Count, step.Title);
            try
            {
                if (await step.IsDoneAsync(context, cancellationToken))
                {
                    context.Reporter.Ok("nothing to do");
                    continue;
                }
                await step.ApplyAsync(context, cancellationToken);
                if (step.ChangesTarget) applied.Push(step);
            }
            // Whatever went wrong (a failed command, a lost connection, Ctrl-C), the target must not be left half-changed.
            catch (Exception e)
            {
                context.Reporter.Error($"step {i + 1} ({step.Title}) failed: {e.Message}");
                await ShowJournalAsync(CancellationToken.None);
                await RollBackAsync(applied, CancellationToken.None);
                return false;
            }
        }
        return true;
    }

    private async Task ShowJournalAsync(CancellationToken cancellationToken)
    {
        var journal = await context.Target.RunAsync($"{context.Layout.Journalctl} -n 12 --no-pager 2>&1", context.Layout.IsSystem,
            cancellationToken: cancellationToken);
        var lines = journal.StandardOutput.Trim();
        if (lines.Length == 0 || lines.StartsWith("-- No entries --", StringComparison.Ordinal)) return;
        context.Reporter.Info($"last lines of {context.Layout.Journalctl}:");
        foreach (var line in lines.Split('\n')) context.Reporter.Detail(line);
    }

    private async Task RollBackAsync(Stack<IStep> applied, CancellationToken cancellationToken)
    {
        if (applied.Count == 0)
        {
            context.Reporter.Info("nothing was changed on the target");
            return;
        }
        context.Reporter.Info("rolling back:");
        while (applied.TryPop(out var step))
        {
            try
            {
                await step.UndoAsync(context, cancellationToken);
                context.Reporter.Detail($"undone: {step.Title}");
            }
            catch (Exception e)
            {
                context.Reporter.Error($"could not undo '{step.Title}': {e.Message}; fix it by hand");
            }
        }
    }
}
