using Appliance.Core.Content;
using Appliance.Core.Services;
using Appliance.Core.Storage;

namespace Appliance.Core.Migration;

/// <summary>
/// The blob part of a migration. Per blob the source records: the target has its bytes (by digest and size) and it is
/// skipped; the source lacks them and only its record goes along; or its bytes are copied, several side by side.
/// </summary>
internal sealed class BlobMigration(RegistryStores source, RegistryStores target, List<string> problems, IProgress<MigrationProgress>? progress)
{
    /// <summary>Blobs copied side by side: enough to keep an object store busy, few enough for two 16 MiB S3 parts each.</summary>
    private const int ParallelCopies = 4;

    private long _total, _totalBytes, _done, _bytesMoved, _copied, _copiedBytes, _skipped, _skippedBytes;

    public async Task<(CopyCount Blobs, CopyCount Bytes)> RunAsync(CancellationToken cancellationToken)
    {
        var recorded = await source.BlobIndex.ListAsync(cancellationToken).ToListAsync(cancellationToken);
        (_total, _totalBytes) = (recorded.Count, recorded.Sum(b => b.Size));
        var toCopy = await SkipWhatNeedsNoCopyAsync(recorded, cancellationToken);
        Report();
        await ClearLeftoverSpoolsAsync(recorded, cancellationToken);
        var copier = new BlobCopier(source.Blobs, target);
        await Parallel.ForEachAsync(toCopy, new ParallelOptions { MaxDegreeOfParallelism = ParallelCopies, CancellationToken = cancellationToken },
            (blob, cancel) => new ValueTask(CopyAsync(copier, blob, cancel)));
        return (new CopyCount(_copied, _skipped), new CopyCount(_copiedBytes, _skippedBytes));
    }

    /// <returns>The blobs whose bytes must be copied.</returns>
    private async Task<List<RecordedBlob>> SkipWhatNeedsNoCopyAsync(List<RecordedBlob> recorded, CancellationToken cancellationToken)
    {
        var sourceBytes = await source.Blobs.EnumerateBlobsAsync(cancellationToken).ToDictionaryAsync(f => f.Digest, f => f.Length, cancellationToken: cancellationToken);
        var targetBytes = await target.Blobs.EnumerateBlobsAsync(cancellationToken).ToDictionaryAsync(f => f.Digest, f => f.Length, cancellationToken: cancellationToken);
        var targetRecorded = await target.BlobIndex.ListAsync(cancellationToken).ToDictionaryAsync(b => b.Digest, b => b.Size, cancellationToken: cancellationToken);
        var toCopy = new List<RecordedBlob>();
        foreach (var blob in recorded)
        {
            var inTarget = targetBytes.GetValueOrDefault(blob.Digest, -1) == blob.Size;
            var inSource = sourceBytes.GetValueOrDefault(blob.Digest, -1) == blob.Size;
            if (!inTarget && inSource)
            {
                // Bytes of another size under a blob's address are not that blob: they go, with their record, before the copy.
                if (targetBytes.ContainsKey(blob.Digest))
                {
                    await target.BlobIndex.ForgetAsync(blob.Digest, cancel => target.Blobs.DeleteBlobAsync(blob.Digest, cancel), cancellationToken);
                }
                toCopy.Add(blob);
                continue;
            }
            if (inTarget) (_skipped, _skippedBytes, _bytesMoved) = (_skipped + 1, _skippedBytes + blob.Size, _bytesMoved + blob.Size);
            else NoteUnreadable(blob, sourceBytes.TryGetValue(blob.Digest, out var length) ? length : null);
            // The record goes along even without bytes: the target then holds what the source held, and verify says the same of both.
            if (targetRecorded.GetValueOrDefault(blob.Digest, -1) != blob.Size) await RecordOnlyAsync(blob, cancellationToken);
            _done++;
        }
        return toCopy;
    }

    /// <summary>An unused blob without bytes is a collection interrupted after deleting them: garbage, no problem.</summary>
    private void NoteUnreadable(RecordedBlob blob, long? sourceLength)
    {
        if (!blob.InUse) return;
        problems.Add(sourceLength is { } length
            ? $"blob {blob.Digest}: the source holds {length} bytes of it, {blob.Size} recorded"
            : $"blob {blob.Digest}: the source lacks its bytes");
    }

    /// <summary>
    /// Spools that a killed run left behind, one listing of the target's uploads instead of a probe per blob: of copies it
    /// did not finish, and of copies it published but was killed before removing the spool (their blobs need no copy now).
    /// </summary>
    private async Task ClearLeftoverSpoolsAsync(List<RecordedBlob> recorded, CancellationToken cancellationToken)
    {
        var ours = recorded.Select(b => BlobPublisher.UploadIdOf(b.Digest)).ToHashSet();
        var leftovers = await target.Blobs.EnumerateUploadsAsync(cancellationToken).Where(ours.Contains).ToListAsync(cancellationToken);
        foreach (var upload in leftovers) await target.Blobs.DeleteUploadAsync(upload, cancellationToken);
    }

    private async Task CopyAsync(BlobCopier copier, RecordedBlob blob, CancellationToken cancellationToken)
    {
        var moved = 0L;
        var intact = await copier.CopyAsync(blob, read =>
        {
            moved += read;
            Interlocked.Add(ref _bytesMoved, read);
            Report();
        }, cancellationToken);
        if (intact)
        {
            Interlocked.Increment(ref _copied);
            Interlocked.Add(ref _copiedBytes, blob.Size);
        }
        else
        {
            Interlocked.Add(ref _bytesMoved, blob.Size - moved);
            lock (problems) problems.Add($"blob {blob.Digest}: the source's bytes do not match its digest{(blob.InUse ? "" : " (unused)")}");
            await RecordOnlyAsync(blob, cancellationToken);
        }
        Interlocked.Increment(ref _done);
        Report();
    }

    private Task RecordOnlyAsync(RecordedBlob blob, CancellationToken cancellationToken) =>
        target.BlobIndex.ImportAsync(blob, _ => Task.CompletedTask, cancellationToken);

    private void Report() =>
        progress?.Report(new MigrationProgress("blobs", Interlocked.Read(ref _done), _total, Interlocked.Read(ref _bytesMoved), _totalBytes));
}
