using Appliance.Core.Content;
using Appliance.Core.Errors;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Core.Migration;

/// <summary>
/// Copies a stopped registry's metadata and blobs into other storage engines (e.g. filesystem + SQLite to S3 + PostgreSQL)
/// through the storage interfaces, so any pair of engines works. Every write is idempotent and whatever the target has
/// already (by digest and size, or by key for metadata) is skipped: a run killed at any point is simply started again.
/// Order: users, blobs (bytes and records), then per repository its links and manifests with their tags, then the audit
/// trail (which holds the garbage collection history).
/// </summary>
public sealed class RegistryMigration(ManifestParser parser)
{
    /// <summary>Blobs copied side by side: enough to keep an object store busy, few enough for two 16 MiB S3 parts each.</summary>
    private const int ParallelBlobCopies = 4;

    private const int BatchSize = 1000;

    public async Task<MigrationReport> CopyAsync(RegistryStores source, RegistryStores target, IProgress<MigrationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var users = await CopyUsersAsync(source, target, progress, cancellationToken);
        var problems = new List<string>();
        var (blobs, bytes) = await CopyBlobsAsync(source, target, problems, progress, cancellationToken);
        var repositories = await RepositoryListing.AllAsync(source.Repositories, cancellationToken);
        var (links, manifests, tags) = (new CopyCount(), new CopyCount(), 0L);
        foreach (var (repository, index) in repositories.Select((r, i) => (r, i)))
        {
            links += await CopyLinksAsync(repository, source, target, cancellationToken);
            (manifests, tags) = await CopyManifestsAsync(repository, source, target, manifests, tags, problems, cancellationToken);
            progress?.Report(new MigrationProgress("repositories", index + 1, repositories.Count));
        }
        var audit = await CopyAuditTrailAsync(source, target, progress, cancellationToken);
        return new MigrationReport(users, blobs, bytes, repositories.Count, links, manifests, tags, audit, problems);
    }

    /// <summary>Role and password hash come along, so every user logs in with the password they have.</summary>
    private static async Task<CopyCount> CopyUsersAsync(RegistryStores source, RegistryStores target, IProgress<MigrationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var users = await source.Users.ListAsync(cancellationToken);
        var count = new CopyCount();
        foreach (var user in users)
        {
            var created = await target.Users.CreateAsync(user, cancellationToken);
            if (!created) await target.Users.UpdateAsync(user, cancellationToken);
            if (user.LastLogin is { } lastLogin) await target.Users.RecordLoginAsync(user.Name, lastLogin, TimeSpan.Zero, cancellationToken);
            count = count.Add(created);
            progress?.Report(new MigrationProgress("users", count.Copied + count.Skipped, users.Count));
        }
        return count;
    }

    private static async Task<(CopyCount Blobs, CopyCount Bytes)> CopyBlobsAsync(RegistryStores source, RegistryStores target, List<string> problems,
        IProgress<MigrationProgress>? progress, CancellationToken cancellationToken)
    {
        var recorded = await source.BlobIndex.ListAsync(cancellationToken).ToListAsync(cancellationToken);
        var sourceBytes = await source.Blobs.EnumerateBlobsAsync(cancellationToken).ToDictionaryAsync(f => f.Digest, f => f.Length, cancellationToken: cancellationToken);
        var targetBytes = await target.Blobs.EnumerateBlobsAsync(cancellationToken).ToDictionaryAsync(f => f.Digest, f => f.Length, cancellationToken: cancellationToken);
        var targetRecorded = await target.BlobIndex.ListAsync(cancellationToken).ToDictionaryAsync(b => b.Digest, b => b.Size, cancellationToken: cancellationToken);

        long done = 0, skipped = 0, skippedBytes = 0, copied = 0, copiedBytes = 0, bytesMoved = 0;
        var totalBytes = recorded.Sum(b => b.Size);
        void Report() => progress?.Report(new MigrationProgress("blobs", Interlocked.Read(ref done), recorded.Count,
            Interlocked.Read(ref bytesMoved), totalBytes));

        var toCopy = new List<RecordedBlob>();
        foreach (var blob in recorded)
        {
            var inTarget = targetBytes.TryGetValue(blob.Digest, out var targetLength) && targetLength == blob.Size;
            if (inTarget || !sourceBytes.TryGetValue(blob.Digest, out var sourceLength) || sourceLength != blob.Size)
            {
                if (!inTarget) NoteUnreadable(blob, sourceBytes, problems);
                // The record goes along even without bytes: the target then holds what the source held, and verify says the same of both.
                if (targetRecorded.GetValueOrDefault(blob.Digest, -1) != blob.Size) await target.BlobIndex.ImportAsync(blob, _ => Task.CompletedTask, cancellationToken);
                if (inTarget) (skipped, skippedBytes, bytesMoved) = (skipped + 1, skippedBytes + blob.Size, bytesMoved + blob.Size);
                done++;
                continue;
            }
            // Bytes of another size under a blob's address are not that blob: they go, with their record, before the copy.
            if (targetBytes.ContainsKey(blob.Digest)) await target.BlobIndex.ForgetAsync(blob.Digest, cancel => target.Blobs.DeleteBlobAsync(blob.Digest, cancel), cancellationToken);
            toCopy.Add(blob);
        }
        Report();

        await ClearLeftoverSpoolsAsync(target.Blobs, toCopy, cancellationToken);
        var copier = new BlobCopier(source.Blobs, target);
        await Parallel.ForEachAsync(toCopy, new ParallelOptions { MaxDegreeOfParallelism = ParallelBlobCopies, CancellationToken = cancellationToken },
            async (blob, cancel) =>
            {
                var moved = 0L;
                var intact = await copier.CopyAsync(blob, read =>
                {
                    moved += read;
                    Interlocked.Add(ref bytesMoved, read);
                    Report();
                }, cancel);
                if (intact)
                {
                    Interlocked.Increment(ref copied);
                    Interlocked.Add(ref copiedBytes, blob.Size);
                }
                else
                {
                    Interlocked.Add(ref bytesMoved, blob.Size - moved);
                    lock (problems) problems.Add($"blob {blob.Digest}: the source's bytes do not match its digest{(blob.InUse ? "" : " (unused)")}");
                    await target.BlobIndex.ImportAsync(blob, _ => Task.CompletedTask, cancel);
                }
                Interlocked.Increment(ref done);
                Report();
            });
        return (new CopyCount(copied, skipped), new CopyCount(copiedBytes, skippedBytes));
    }

    /// <summary>An unused blob without bytes is a collection interrupted after deleting them: garbage, no problem.</summary>
    private static void NoteUnreadable(RecordedBlob blob, Dictionary<Digest, long> sourceBytes, List<string> problems)
    {
        if (!blob.InUse) return;
        problems.Add(sourceBytes.TryGetValue(blob.Digest, out var length)
            ? $"blob {blob.Digest}: the source holds {length} bytes of it, {blob.Size} recorded"
            : $"blob {blob.Digest}: the source lacks its bytes");
    }

    /// <summary>Spools of copies that a killed run left unfinished: one listing of the target's uploads instead of a probe per blob.</summary>
    private static async Task ClearLeftoverSpoolsAsync(IBlobStore target, List<RecordedBlob> toCopy, CancellationToken cancellationToken)
    {
        var ours = toCopy.Select(b => BlobCopier.UploadIdOf(b.Digest)).ToHashSet();
        var leftovers = await target.EnumerateUploadsAsync(cancellationToken).Where(ours.Contains).ToListAsync(cancellationToken);
        foreach (var upload in leftovers) await target.DeleteUploadAsync(upload, cancellationToken);
    }

    private static async Task<CopyCount> CopyLinksAsync(RepositoryName repository, RegistryStores source, RegistryStores target,
        CancellationToken cancellationToken)
    {
        var count = new CopyCount();
        await foreach (var batch in source.BlobIndex.ListLinksAsync(repository, cancellationToken).Chunk(BatchSize).WithCancellation(cancellationToken))
        {
            var added = await target.BlobIndex.ImportLinksAsync(repository, batch, cancellationToken);
            count = count.Add(added, batch.Length - added);
        }
        return count;
    }

    private async Task<(CopyCount Manifests, long Tags)> CopyManifestsAsync(RepositoryName repository, RegistryStores source, RegistryStores target,
        CopyCount manifests, long tags, List<string> problems, CancellationToken cancellationToken)
    {
        await foreach (var record in source.Manifests.ListRecordsAsync(repository, cancellationToken))
        {
            ParsedManifest parsed;
            try
            {
                parsed = parser.Parse(record.Manifest.Content, record.Manifest.MediaType);
            }
            catch (RegistryException e)
            {
                problems.Add($"manifest {repository}@{record.Manifest.Digest}: not copied, it does not parse ({e.Message})");
                continue;
            }
            manifests = manifests.Add(await target.Manifests.ImportAsync(repository, record, parsed, cancellationToken));
            tags += record.Tags.Count;
        }
        return (manifests, tags);
    }

    private static async Task<CopyCount> CopyAuditTrailAsync(RegistryStores source, RegistryStores target, IProgress<MigrationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var count = new CopyCount();
        await foreach (var batch in source.Audit.ListAllAsync(cancellationToken).Chunk(BatchSize).WithCancellation(cancellationToken))
        {
            var added = await target.Audit.ImportAsync(batch, cancellationToken);
            count = count.Add(added, batch.Length - added);
            progress?.Report(new MigrationProgress("audit events", count.Copied + count.Skipped, 0));
        }
        return count;
    }
}
