using Appliance.Installer.Steps;

namespace Appliance.Installer.Migrate;

/// <summary>
/// The last step: mirror-registry's units no longer start at boot. They stay on disk, stopped, with their data, until
/// <c>migrate --cleanup</c>. Undo enables again those that were enabled.
/// </summary>
public sealed class DisableQuayStep(QuayTakeover takeover) : IStep
{
    public string Title => "Disable mirror-registry's units (they stay on disk)";

    private IEnumerable<string> Enabled => takeover.Before.Where(u => u.Enabled).Select(u => u.Name);

    public Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(!Enabled.Any());

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        await context.RunCheckedAsync($"{takeover.Quay.Systemctl} disable --quiet {string.Join(' ', Enabled)}", "disabling mirror-registry's units", cancellationToken);
        context.Reporter.Ok($"disabled {string.Join(", ", Enabled)}; files kept in {takeover.Quay.UnitDirectory}");
    }

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) =>
        context.RunCheckedAsync($"{takeover.Quay.Systemctl} enable --quiet {string.Join(' ', Enabled)}", "enabling mirror-registry's units again", cancellationToken);
}
