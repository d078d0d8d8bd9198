using Appliance.Core.Configuration;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Retention;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Maintenance;

/// <summary>Applies the retention policies on the configured interval (<c>retention.interval</c>; off by default).</summary>
public sealed class ScheduledRetention(AuditedRetention retention, IOptions<RetentionOptions> options, TimeProvider clock,
    ILogger<ScheduledRetention> logger) : BackgroundService
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
                await retention.RunAsync(dryRun: false, options.Value.CollectGarbage, include: null, user: null, clientAddress: null, "scheduled", stoppingToken);
            }
            catch (Exception e) when (e is RetentionBusyException or GarbageCollectionBusyException)
            {
                logger.LogInformation("Scheduled retention skipped: {Reason}", e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One failed run must not stop the schedule; the next tick retries.
                logger.LogError(e, "Scheduled retention failed");
            }
        }
    }
}
