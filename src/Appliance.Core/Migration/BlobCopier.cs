using Appliance.Core.Content;
using Appliance.Core.Storage;

namespace Appliance.Core.Migration;

/// <summary>
/// Copies one blob into the target the way a push puts it there: streamed through the target's upload spool (the store's
/// own bounded buffers, never the whole blob in memory), hashed on the way, made durable, then published inside the
/// target's metadata transaction that records it.
/// </summary>
internal sealed class BlobCopier(IBlobStore source, RegistryStores target)
{
    /// <summary>
    /// The upload id a blob's copy is spooled under: fixed per digest, so the spool that a killed run left behind is found
    /// and cleared by the next run (<see cref="UploadIdOf"/> of the blobs still to copy) instead of lingering.
    /// </summary>
    public static UploadId UploadIdOf(Digest digest) =>
        UploadId.TryParse(digest.Hex[..32], out var id) ? id : throw new InvalidOperationException($"no upload id for {digest}");

    /// <returns>False when the source's bytes do not have the recorded size and digest (nothing is published then).</returns>
    public async Task<bool> CopyAsync(RecordedBlob blob, Action<long> bytesCopied, CancellationToken cancellationToken)
    {
        var upload = UploadIdOf(blob.Digest);
        await target.Blobs.CreateUploadAsync(upload, cancellationToken);
        try
        {
            using var hash = blob.Digest.Algorithm.CreateIncrementalHash();
            long length;
            await using (var bytes = new ProgressReadStream(await source.OpenReadAsync(blob.Digest, 0, null, cancellationToken), bytesCopied))
            {
                length = await target.Blobs.AppendUploadAsync(upload, bytes, 0, hash, cancellationToken);
            }
            if (length != blob.Size || Digest.FromHash(blob.Digest.Algorithm, hash.GetHashAndReset()) != blob.Digest)
            {
                await target.Blobs.DeleteUploadAsync(upload, cancellationToken);
                return false;
            }
            await target.Blobs.SyncUploadAsync(upload, cancellationToken);
            await target.BlobIndex.ImportAsync(blob, cancel => target.Blobs.PublishUploadAsync(upload, blob.Digest, cancel), cancellationToken);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await target.Blobs.DeleteUploadAsync(upload, CancellationToken.None);
            throw;
        }
    }
}
