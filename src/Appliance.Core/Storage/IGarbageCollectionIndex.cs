using Appliance.Core.Content;

namespace Appliance.Core.Storage;

/// <summary>
/// The metadata side of garbage collection. Every deleting call re-checks its conditions inside its
/// own write transaction, so a push that committed a moment earlier is always seen.
/// </summary>
public interface IGarbageCollectionIndex
{
    /// <summary>
    /// Untagged manifests that no index in their repository lists and whose subject (if any) is not in it: those created
    /// before <paramref name="unusedBefore"/> that were once an index's child or are referrers of a manifest that is gone,
    /// and, with a retention policy, any created before <paramref name="untaggedBefore"/>.
    /// </summary>
    Task<int> DeleteUnusedManifestsAsync(DateTimeOffset unusedBefore, DateTimeOffset? untaggedBefore, bool dryRun,
        CancellationToken cancellationToken);

    /// <summary>Repository links older than <paramref name="linkedBefore"/> that no manifest of that repository references.</summary>
    Task<int> UnlinkUnreferencedBlobsAsync(DateTimeOffset linkedBefore, bool dryRun, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> blobs recorded before <paramref name="recordedBefore"/> that no repository links and
    /// no manifest references: their records go and <paramref name="deleteBytes"/> removes their bytes, in one transaction.
    /// </summary>
    Task<BlobSweep> SweepBlobsAsync(DateTimeOffset recordedBefore, int limit, bool dryRun, Func<Digest, CancellationToken, Task<bool>> deleteBytes,
        CancellationToken cancellationToken);

    /// <summary>How many blobs a full sweep would look at (for progress).</summary>
    Task<long> CountBlobsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims the store for one collection run, across processes where several may share the store; null when another
    /// process holds it. Disposing the result releases it.
    /// </summary>
    Task<IAsyncDisposable?> TryClaimRunAsync(CancellationToken cancellationToken);
}

/// <summary>One sweep batch: how many blobs went, how many bytes that freed, whether more may remain.</summary>
public sealed record BlobSweep(int Blobs, long Bytes, bool MayHaveMore);
