using Appliance.Core.Configuration;
using Appliance.Core.GarbageCollection;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Maintenance;

/// <summary>Collects garbage on the configured interval while the registry serves.</summary>
public sealed class ScheduledGarbageCollection(AuditedGarbageCollection collector, IOptions<GarbageCollectionOptions> options, TimeProvider clock,
    ILogger<ScheduledGarbageCollection> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await collector.RunAsync(dryRun: false, user: null, clientAddress: null, "scheduled", progress: null, stoppingToken);
            }
            catch (GarbageCollectionBusyException)
            {
                logger.LogInformation("Scheduled garbage collection skipped: another node is collecting");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One failed run must not stop the schedule; the next tick retries.
                logger.LogError(e, "Scheduled garbage collection failed");
            }
        }
    }
}
