using Appliance.Core.Services;
using Appliance.Core.Storage;

namespace Appliance.Core.Migration;

/// <summary>Copies one blob into the target the way a push puts it there (see <see cref="BlobPublisher"/>), telling how many bytes went by.</summary>
internal sealed class BlobCopier(IBlobStore source, RegistryStores target)
{
    private readonly BlobPublisher _publisher = new(target.Blobs, target.BlobIndex);

    /// <returns>False when the source's bytes do not have the recorded size and digest (nothing is published then).</returns>
    public async Task<bool> CopyAsync(RecordedBlob blob, Action<long> bytesCopied, CancellationToken cancellationToken)
    {
        await using var bytes = new ProgressReadStream(await source.OpenReadAsync(blob.Digest, 0, null, cancellationToken), bytesCopied);
        return await _publisher.PublishAsync(blob, bytes, cancellationToken);
    }
}
