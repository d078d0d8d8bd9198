using Appliance.Installer.Installation;

namespace Appliance.Installer.Steps;

/// <summary>
/// Enables the unit and (re)starts it; with <c>Type=notify</c> systemctl returns once the server is ready or
/// failed. Undo stops it, and after a fresh install also disables it.
/// </summary>
public sealed class StartServiceStep(bool disableOnUndo) : IStep
{
    public string Title => "Enable and start the registry";

    public Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var systemctl = context.Layout.Systemctl;
        await context.RunCheckedAsync($"{systemctl} enable --quiet {InstallLayout.UnitName} && {systemctl} restart {InstallLayout.UnitName}",
            $"starting {InstallLayout.UnitName}", cancellationToken);
        context.Reporter.Ok($"{InstallLayout.UnitName} is active");
    }

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) => context.RunCheckedAsync(
        $"{context.Layout.Systemctl} {(disableOnUndo ? "disable --now --quiet" : "stop")} {InstallLayout.UnitName}", $"stopping {InstallLayout.UnitName}",
        cancellationToken);
}
