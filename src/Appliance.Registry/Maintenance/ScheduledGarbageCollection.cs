using Appliance.Core.Configuration;
using Appliance.Core.GarbageCollection;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Maintenance;

/// <summary>Collects garbage on the configured interval while the registry serves.</summary>
public sealed class ScheduledGarbageCollection(AuditedGarbageCollection collector, IOptions<GarbageCollectionOptions> options, TimeProvider clock,
    ILogger<ScheduledGarbageCollection> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        MaintenanceSchedule.RunAsync(options.Value.Interval, clock, logger, "garbage collection",
            cancel => collector.RunAsync(dryRun: false, user: null, clientAddress: null, "scheduled", progress: null, cancel),
            e => e is GarbageCollectionBusyException, stoppingToken);
}
