using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>Points the <c>current</c> symlink, which the unit starts, at this release; undo points it back.</summary>
public sealed class SwitchCurrentStep : IStep
{
    private string? previous;

    public string Title => "Switch 'current' to this release";

    public async Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) =>
        (await CurrentTargetAsync(context, cancellationToken)) == context.Payload.Version;

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        previous = await CurrentTargetAsync(context, cancellationToken);
        await LinkAsync(context, context.Payload.Version, cancellationToken);
        context.Reporter.Ok($"{context.Layout.CurrentLink} -> {context.Payload.Version}");
    }

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) => previous is null
        ? context.RunCheckedAsync($"rm -f {Shell.Quote(context.Layout.CurrentLink)}", "removing the current link", cancellationToken)
        : LinkAsync(context, previous, cancellationToken);

    private static async Task<string?> CurrentTargetAsync(StepContext context, CancellationToken cancellationToken)
    {
        var link = await context.RunAsync($"readlink {Shell.Quote(context.Layout.CurrentLink)}", cancellationToken);
        return link.Succeeded ? link.StandardOutput.Trim() : null;
    }

    /// <summary>A new link renamed over the old one, so the unit never sees a missing binary.</summary>
    private static Task LinkAsync(StepContext context, string version, CancellationToken cancellationToken)
    {
        var link = Shell.Quote(context.Layout.CurrentLink);
        return context.RunCheckedAsync($"ln -sfn {Shell.Quote(version)} {link}.new && mv -fT {link}.new {link}", "switching the current link", cancellationToken);
    }
}
