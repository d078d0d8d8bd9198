using Appliance.Core.Configuration;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Retention;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Maintenance;

/// <summary>Applies the retention policies on the configured interval (<c>retention.interval</c>; off by default).</summary>
public sealed class ScheduledRetention(AuditedRetention retention, IOptions<RetentionOptions> options, TimeProvider clock,
    ILogger<ScheduledRetention> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        MaintenanceSchedule.RunAsync(options.Value.Interval, clock, logger, "retention",
            cancel => retention.RunAsync(dryRun: false, options.Value.CollectGarbage, include: null, user: null, clientAddress: null, "scheduled", cancel),
            e => e is RetentionBusyException or GarbageCollectionBusyException, stoppingToken);
}
