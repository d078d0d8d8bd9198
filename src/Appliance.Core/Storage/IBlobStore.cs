using System.Security.Cryptography;
using Appliance.Core.Content;

namespace Appliance.Core.Storage;

/// <summary>
/// Content-addressed blob bytes plus the spool that uploads are written to: local files or objects in an object store,
/// so every call that may cross the network is async. A blob becomes visible only through <see cref="PublishUploadAsync"/>,
/// after <see cref="SyncUploadAsync"/> made its bytes durable. <see cref="PublishUploadAsync"/> and <see cref="DeleteBlobAsync"/>
/// run only inside a metadata write transaction, which serializes them: garbage collection can never delete a blob that
/// an upload is publishing or deduplicating against (see GarbageCollection/README.md).
/// </summary>
public interface IBlobStore
{
    Task<StoredBlob?> FindAsync(Digest digest, CancellationToken cancellationToken);

    /// <summary>Streams <paramref name="length"/> bytes of a committed blob from <paramref name="offset"/> on (to its end when null).</summary>
    Task<Stream> OpenReadAsync(Digest digest, long offset, long? length, CancellationToken cancellationToken);

    /// <summary>A short-lived URL that clients may fetch the blob from directly; null when the registry serves the bytes itself.</summary>
    Uri? GetDownloadUrl(Digest digest);

    Task CreateUploadAsync(UploadId id, CancellationToken cancellationToken);

    /// <summary>How many bytes the upload holds; null when there is no such upload.</summary>
    Task<long?> GetUploadLengthAsync(UploadId id, CancellationToken cancellationToken);

    /// <summary>Appends <paramref name="source"/> at <paramref name="offset"/>, feeding every byte to <paramref name="hash"/>.</summary>
    Task<long> AppendUploadAsync(UploadId id, Stream source, long offset, IncrementalHash hash, CancellationToken cancellationToken);

    /// <summary>Feeds the bytes already spooled to <paramref name="hash"/> (after a restart, on another replica, or for a non-default algorithm).</summary>
    Task HashUploadAsync(UploadId id, IncrementalHash hash, CancellationToken cancellationToken);

    /// <summary>Makes the spooled bytes durable.</summary>
    Task SyncUploadAsync(UploadId id, CancellationToken cancellationToken);

    /// <summary>Moves durable spooled bytes to their content address, or drops them when that blob exists already.</summary>
    Task PublishUploadAsync(UploadId id, Digest digest, CancellationToken cancellationToken);

    /// <summary>Removes a blob's bytes; false when there were none.</summary>
    Task<bool> DeleteBlobAsync(Digest digest, CancellationToken cancellationToken);

    /// <summary>Moves a blob's bytes aside (for inspection) so it is no longer served.</summary>
    Task QuarantineBlobAsync(Digest digest, CancellationToken cancellationToken);

    /// <summary>Feeds a committed blob's bytes to <paramref name="hash"/>.</summary>
    Task HashBlobAsync(Digest digest, IncrementalHash hash, CancellationToken cancellationToken);

    /// <summary>Every stored blob, including ones the metadata may not know (orphans).</summary>
    IAsyncEnumerable<BlobFile> EnumerateBlobsAsync(CancellationToken cancellationToken);

    /// <summary>Upload spools, including ones whose session is gone.</summary>
    IAsyncEnumerable<UploadId> EnumerateUploadsAsync(CancellationToken cancellationToken);

    /// <summary>Free and total bytes where the blobs live; null for stores without a fixed capacity (object stores).</summary>
    StorageSpace? GetSpace();

    /// <summary>Removes an upload's spooled bytes (an object store also aborts what it holds for the upload).</summary>
    Task DeleteUploadAsync(UploadId id, CancellationToken cancellationToken);

    /// <summary>Writes and removes a probe; throws when the store cannot take writes.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
