using Appliance.Installer.Installation;

namespace Appliance.Installer.Steps;

/// <summary>Writes install.json (world-readable, no secrets), which upgrade, uninstall and status read.</summary>
public sealed class RecordInstallStep(Func<InstallRecord> record) : IStep
{
    private string? previous;

    public string Title => "Record the installation";

    public Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        previous = await context.ReadFileAsync(context.Layout.RecordPath, cancellationToken);
        await context.WriteFileAsync(context.Layout.RecordPath, record().ToJson(), "0644", null, cancellationToken);
        context.Reporter.Ok(context.Layout.RecordPath);
    }

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) => previous is null
        ? context.RunCheckedAsync($"rm -f {Targets.Shell.Quote(context.Layout.RecordPath)}", "removing install.json", cancellationToken)
        : context.WriteFileAsync(context.Layout.RecordPath, previous, "0644", null, cancellationToken);
}
