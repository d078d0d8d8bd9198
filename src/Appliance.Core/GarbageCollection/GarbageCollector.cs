using System.Diagnostics;
using Appliance.Core.Configuration;
using Appliance.Core.Quotas;
using Appliance.Core.Services;
using Appliance.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Appliance.Core.GarbageCollection;

/// <summary>
/// Online mark and sweep over the metadata: manifests first (platform manifests of deleted indexes,
/// referrers of deleted manifests, and with an untagged-retention policy any old untagged one),
/// then repository links nothing references, then blobs nothing links or references, then
/// abandoned uploads. Runs one at a time, in this process and across the processes sharing the metadata store; pushes
/// and pulls continue throughout.
/// </summary>
public sealed class GarbageCollector(
    IGarbageCollectionIndex index,
    IExpiredUploads expiredUploads,
    IUploadSessions sessions,
    IBlobStore blobStore,
    UploadHashStates hashStates,
    INamespaceUsageReconciler namespaceUsage,
    IOptions<GarbageCollectionOptions> options,
    TimeProvider clock,
    ILogger<GarbageCollector> logger)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Raised after every run, dry or not, with its report (metrics and history listen).</summary>
    public event Action<GarbageCollectionReport>? Collected;

    public async Task<GarbageCollectionReport> RunAsync(bool dryRun, IProgress<GarbageCollectionProgress>? progress,
        CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            await using var run = await index.TryClaimRunAsync(cancellationToken) ?? throw new GarbageCollectionBusyException();
            var report = await CollectAsync(dryRun, progress, cancellationToken);
            logger.LogInformation(
                "Garbage collection{DryRun}: {Manifests} manifests, {Links} links, {Blobs} blobs ({Bytes} bytes), {Uploads} expired uploads in {Duration:0.000} s",
                dryRun ? " (dry run)" : "", report.ManifestsRemoved, report.LinksRemoved, report.BlobsRemoved, report.BytesReclaimed,
                report.UploadsExpired, report.Duration.TotalSeconds);
            Collected?.Invoke(report);
            return report;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<GarbageCollectionReport> CollectAsync(bool dryRun, IProgress<GarbageCollectionProgress>? progress,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var policy = options.Value;
        var now = clock.GetUtcNow();

        progress?.Report(new GarbageCollectionProgress("manifests", 0, 1));
        var manifests = 0;
        int removed;
        do
        {
            // Removing an index leaves its children unlisted, removing a manifest leaves its referrers without a subject:
            // repeat until nothing more goes.
            removed = await index.DeleteUnusedManifestsAsync(now - policy.GracePeriod, now - policy.UntaggedRetention, dryRun,
                cancellationToken);
            manifests += removed;
        } while (removed > 0 && !dryRun);

        progress?.Report(new GarbageCollectionProgress("links", 0, 1));
        var links = await index.UnlinkUnreferencedBlobsAsync(now - policy.GracePeriod, dryRun, cancellationToken);

        var total = await index.CountBlobsAsync(cancellationToken);
        var blobs = 0;
        var bytes = 0L;
        BlobSweep sweep;
        do
        {
            sweep = await index.SweepBlobsAsync(now - policy.GracePeriod, Math.Max(1, policy.BatchSize), dryRun, blobStore.DeleteBlobAsync,
                cancellationToken);
            blobs += sweep.Blobs;
            bytes += sweep.Bytes;
            progress?.Report(new GarbageCollectionProgress("blobs", blobs, total));
        } while (sweep.MayHaveMore && !dryRun);

        var uploads = await ExpireUploadsAsync(now - policy.UploadExpiry, dryRun, cancellationToken);
        if (!dryRun) await ReconcileNamespaceUsageAsync(cancellationToken);
        return new GarbageCollectionReport(dryRun, manifests, links, blobs, bytes, uploads, started.Elapsed);
    }

    /// <summary>
    /// The namespaces' use is kept as links change; a run recomputes it from the links once, so a figure that drifted (it
    /// should not) is right again after the next collection, and says so.
    /// </summary>
    private async Task ReconcileNamespaceUsageAsync(CancellationToken cancellationToken)
    {
        var corrected = await namespaceUsage.ReconcileAsync(cancellationToken);
        if (corrected > 0) logger.LogWarning("Garbage collection corrected the quota use of {Count} namespaces", corrected);
    }

    private async Task<int> ExpireUploadsAsync(DateTimeOffset startedBefore, bool dryRun, CancellationToken cancellationToken)
    {
        var expired = await expiredUploads.ListStartedBeforeAsync(startedBefore, cancellationToken);
        if (dryRun) return expired.Count;
        foreach (var id in expired)
        {
            await blobStore.DeleteUploadAsync(id, cancellationToken);
            await sessions.DeleteAsync(id, cancellationToken);
            hashStates.Forget(id);
        }
        return expired.Count;
    }
}
