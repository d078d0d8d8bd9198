using Appliance.Core.Configuration;
using Appliance.Core.Content;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Appliance.Core.Integrity;

/// <summary>
/// Checks that every blob the metadata names is on disk with the right size and digest, and that no
/// unrecorded files hide on disk. Repair quarantines bad blobs (clients then see BLOB_UNKNOWN and
/// push again) and removes orphans.
/// </summary>
public sealed class BlobVerifier(IBlobStore store, IBlobIndex index, IOptions<GarbageCollectionOptions> gc, TimeProvider clock,
    ILogger<BlobVerifier> logger)
{
    public async Task<VerificationReport> RunAsync(int? sample, bool repair, IProgress<GarbageCollectionProgress>? progress,
        CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<Digest, RecordedBlob>();
        await foreach (var blob in index.ListAsync(cancellationToken)) recorded[blob.Digest] = blob;
        var onDisk = await store.EnumerateBlobsAsync(cancellationToken).ToDictionaryAsync(f => f.Digest, cancellationToken: cancellationToken);

        var toCheck = sample is { } count ? recorded.OrderBy(_ => Random.Shared.Next()).Take(count).ToList() : recorded.ToList();
        var missing = new List<Digest>();
        var wrongSize = new List<Digest>();
        var corrupt = new List<Digest>();
        var done = 0;
        foreach (var (digest, blob) in toCheck)
        {
            if (!onDisk.TryGetValue(digest, out var file))
            {
                // An unused blob without bytes is a collection interrupted between deleting the file and committing: harmless garbage.
                if (blob.InUse) missing.Add(digest);
            }
            else if (file.Length != blob.Size) wrongSize.Add(digest);
            else if (!await HasDigestAsync(digest, cancellationToken)) corrupt.Add(digest);
            progress?.Report(new GarbageCollectionProgress("blobs", ++done, toCheck.Count));
        }

        // Files younger than the grace period may belong to an upload that is being published right now.
        var settled = clock.GetUtcNow() - gc.Value.GracePeriod;
        var orphans = onDisk.Values.Where(f => !recorded.ContainsKey(f.Digest) && f.LastWritten < settled).Select(f => f.Digest).ToList();

        if (repair) await RepairAsync(missing, wrongSize, corrupt, orphans, cancellationToken);
        return new VerificationReport(toCheck.Count, missing, wrongSize, corrupt, orphans, repair);
    }

    private async Task<bool> HasDigestAsync(Digest digest, CancellationToken cancellationToken)
    {
        using var hash = digest.Algorithm.CreateIncrementalHash();
        await store.HashBlobAsync(digest, hash, cancellationToken);
        return Digest.FromHash(digest.Algorithm, hash.GetHashAndReset()) == digest;
    }

    private async Task RepairAsync(List<Digest> missing, List<Digest> wrongSize, List<Digest> corrupt, List<Digest> orphans,
        CancellationToken cancellationToken)
    {
        foreach (var digest in wrongSize.Concat(corrupt))
        {
            await index.ForgetAsync(digest, cancel => store.QuarantineBlobAsync(digest, cancel), cancellationToken);
            logger.LogWarning("Quarantined damaged blob {Digest}; clients will push it again", digest);
        }
        foreach (var digest in missing)
        {
            await index.ForgetAsync(digest, _ => Task.CompletedTask, cancellationToken);
            logger.LogWarning("Forgot missing blob {Digest}; clients will push it again", digest);
        }
        foreach (var digest in orphans)
        {
            if (await index.RemoveOrphanAsync(digest, async cancel => await store.DeleteBlobAsync(digest, cancel), cancellationToken))
            {
                logger.LogInformation("Removed orphan blob file {Digest}", digest);
            }
        }
    }
}
