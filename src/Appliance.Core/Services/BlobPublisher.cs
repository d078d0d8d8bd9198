using System.Security.Cryptography;
using Appliance.Core.Content;
using Appliance.Core.Storage;

namespace Appliance.Core.Services;

/// <summary>
/// Puts a blob's bytes into a registry the way a push does, for content that does not arrive through an HTTP upload (a
/// migration's copy, an import): streamed through the store's upload spool (its own bounded buffers, never the whole blob
/// in memory), hashed on the way, checked against the digest and size, made durable, then published inside the metadata
/// transaction that records it.
/// </summary>
public sealed class BlobPublisher(IBlobStore store, IBlobIndex index)
{
    /// <summary>
    /// The upload id a blob is spooled under: fixed per digest, so the spool that a killed run left behind is found and
    /// cleared by the next run instead of lingering.
    /// </summary>
    public static UploadId UploadIdOf(Digest digest) =>
        UploadId.TryParse(digest.Hex[..32], out var id) ? id : throw new InvalidOperationException($"no upload id for {digest}");

    /// <returns>False when <paramref name="bytes"/> do not have the blob's size and digest (nothing is published then).</returns>
    public async Task<bool> PublishAsync(RecordedBlob blob, Stream bytes, CancellationToken cancellationToken)
    {
        var upload = UploadIdOf(blob.Digest);
        await store.CreateUploadAsync(upload, cancellationToken);
        return await FinishAsync(blob, upload, hash => store.AppendUploadAsync(upload, bytes, 0, hash, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The same with <paramref name="file"/> hard-linked as the spool instead of copied into it, when the store's spool is on
    /// that file's filesystem: its bytes are read once, to hash them.
    /// </summary>
    /// <returns>Null when the store cannot link it (the caller copies it then); otherwise as <see cref="PublishAsync"/>.</returns>
    public async Task<bool?> TryPublishLinkedAsync(RecordedBlob blob, string file, CancellationToken cancellationToken)
    {
        var upload = UploadIdOf(blob.Digest);
        if (store is not ILocalUploadSpool spool || !spool.TryLinkUpload(upload, file)) return null;
        return await FinishAsync(blob, upload, async hash =>
        {
            await store.HashUploadAsync(upload, hash, cancellationToken);
            return await store.GetUploadLengthAsync(upload, cancellationToken) ?? 0;
        }, cancellationToken);
    }

    private async Task<bool> FinishAsync(RecordedBlob blob, UploadId upload, Func<IncrementalHash, Task<long>> fill, CancellationToken cancellationToken)
    {
        try
        {
            using var hash = blob.Digest.Algorithm.CreateIncrementalHash();
            var length = await fill(hash);
            if (length != blob.Size || Digest.FromHash(blob.Digest.Algorithm, hash.GetHashAndReset()) != blob.Digest)
            {
                await store.DeleteUploadAsync(upload, cancellationToken);
                return false;
            }
            await store.SyncUploadAsync(upload, cancellationToken);
            await index.ImportAsync(blob, cancel => store.PublishUploadAsync(upload, blob.Digest, cancel), cancellationToken);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await store.DeleteUploadAsync(upload, CancellationToken.None);
            throw;
        }
    }
}
