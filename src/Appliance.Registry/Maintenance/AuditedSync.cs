using Appliance.Core.Audit;
using Appliance.Core.Upstreams;
using Appliance.Registry.Audit;
using Appliance.Registry.Metrics;

namespace Appliance.Registry.Maintenance;

/// <summary>Runs sync jobs and records each run in the audit trail (who started it: the schedule or an account) and the metrics.</summary>
public sealed class AuditedSync(IServiceProvider services, AuditTrail audit)
{
    /// <returns>Null when another run holds the claim.</returns>
    public async Task<SyncRunResult?> RunAsync(SyncJob job, string? user, string? clientAddress, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        // Resolved per run: the upstreams are only needed once a job exists.
        if (services.GetService<IUpstreams>() is null) throw new InvalidOperationException("no upstreams are configured (upstreams:mappings)");
        var result = await services.GetRequiredService<SyncRunner>().RunAsync(job, progress, cancellationToken);
        if (result is null) return null;
        var record = result.Record;
        RegistryMetrics.SyncRuns.WithLabels(record.Failures == 0 ? "complete" : "failures").Inc();
        RegistryMetrics.SyncImagesCopied.Inc(record.ImagesCopied);
        RegistryMetrics.SyncBytesCopied.Inc(record.BytesCopied);
        await audit.RecordNowAsync(AuditActions.SyncRun, user, clientAddress, detail: $"job {job.Name}: {record.Summary}");
        return result;
    }
}
