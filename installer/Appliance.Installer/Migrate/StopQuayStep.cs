using Appliance.Installer.Steps;

namespace Appliance.Installer.Migrate;

/// <summary>
/// Remembers each of mirror-registry's units' state, stops them (app, redis, pod: their containers go with them) and waits
/// until the port is free. Undo starts again exactly those that were active; Quay's data was only read meanwhile.
/// </summary>
public sealed class StopQuayStep(QuayTakeover takeover) : IStep
{
    private const int PortWaitSeconds = 30;

    public string Title => "Stop mirror-registry (quay-app, quay-redis, quay-pod)";

    public Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var quay = takeover.Quay;
        var before = new List<QuayUnit>();
        foreach (var unit in quay.Units) before.Add(await QuayDetector.StateAsync(context.Target, quay.IsSystem, unit.Name, cancellationToken));
        takeover.Before = before;
        if (before.Count > 0)
        {
            await context.RunCheckedAsync($"{quay.Systemctl} stop {string.Join(' ', before.Select(u => u.Name))}", "stopping mirror-registry", cancellationToken);
        }
        foreach (var unit in before) context.Reporter.Detail($"{unit.Name}: was {unit.State}; stopped");
        var free = await context.Target.RunAsync(
            $"for i in $(seq 1 {PortWaitSeconds}); do [ -z \"$(ss -ltnH 'sport = :{quay.Port}')\" ] && exit 0; sleep 1; done; exit 1", cancellationToken: cancellationToken);
        if (!free.Succeeded) throw new InstallerException($"port {quay.Port} is still in use {PortWaitSeconds} s after stopping mirror-registry");
        context.Reporter.Ok($"port {quay.Port} is free");
    }

    /// <summary>systemd orders the start along the units' own Requires/After; only those that ran before are started.</summary>
    public async Task UndoAsync(StepContext context, CancellationToken cancellationToken)
    {
        var active = takeover.Before.Where(u => u.Active).Select(u => u.Name).ToList();
        if (active.Count == 0) return;
        await context.RunCheckedAsync($"{takeover.Quay.Systemctl} start {string.Join(' ', active)}", "starting mirror-registry again", cancellationToken);
        context.Reporter.Detail($"started again: {string.Join(", ", active)}");
    }
}
