using Appliance.Core.Audit;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Upstreams;
using Appliance.Registry.Audit;

namespace Appliance.Registry.Maintenance;

/// <summary>
/// Starts garbage collections and records every real run in the audit trail with who started it and from where: an admin
/// (the console, the admin endpoint), the operating-system account (the CLI) or nobody (the schedule). Written at once: the
/// CLI exits right after its run, and collections are rare. A real run first takes cached upstream content that no pull used
/// for <c>upstreams.unusedDays</c> out of its repositories, so the collection reclaims it.
/// </summary>
public sealed class AuditedGarbageCollection(GarbageCollector collector, PullThroughCache cache, AuditTrail audit)
{
    /// <param name="origin">How it was started, added to the event's detail (for example "from the console").</param>
    public async Task<GarbageCollectionReport> RunAsync(bool dryRun, string? user, string? clientAddress, string? origin,
        IProgress<GarbageCollectionProgress>? progress, CancellationToken cancellationToken)
    {
        var evicted = dryRun ? 0 : await cache.EvictUnusedAsync(cancellationToken);
        var report = await collector.RunAsync(dryRun, progress, cancellationToken);
        if (!report.DryRun)
        {
            var removed = $"{report.ManifestsRemoved} manifests, {report.LinksRemoved} links, {report.BlobsRemoved} blobs "
                + $"({report.BytesReclaimed} bytes), {report.UploadsExpired} expired uploads"
                + (evicted > 0 ? $", {evicted} unused cached manifests and blobs" : "");
            await audit.RecordNowAsync(AuditActions.GcRun, user, clientAddress, detail: origin is null ? removed : $"{removed}, {origin}");
        }
        return report;
    }
}
