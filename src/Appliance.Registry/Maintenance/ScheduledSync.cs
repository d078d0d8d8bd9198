using Appliance.Core.Upstreams;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Maintenance;

/// <summary>
/// Runs each sync job when its interval has passed since its last run started (recorded in the database, so a restart or
/// another replica does not run it again early). A job another replica is running is left to it.
/// </summary>
public sealed class ScheduledSync(ISyncJobStore jobs, AuditedSync sync, IOptions<SyncOptions> options, TimeProvider clock,
    ILogger<ScheduledSync> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        MaintenanceSchedule.RunAsync(options.Value.PollInterval, clock, logger, "sync", RunDueJobsAsync, _ => false, stoppingToken);

    private async Task RunDueJobsAsync(CancellationToken cancellationToken)
    {
        foreach (var job in await jobs.ListAsync(cancellationToken))
        {
            var last = (await jobs.ListRunsAsync(job.Name, 1, cancellationToken)).FirstOrDefault();
            if (last is not null && last.StartedAt + job.Interval > clock.GetUtcNow()) continue;
            var result = await sync.RunAsync(job, user: null, clientAddress: null, progress: null, cancellationToken);
            if (result is null) logger.LogInformation("Sync job {Job} skipped: another node is running a sync", job.Name);
            else logger.LogInformation("Sync job {Job}: {Summary}", job.Name, result.Record.Summary);
        }
    }
}
