using System.Security.Cryptography;
using Appliance.Core.Content;

namespace Appliance.Core.Storage;

/// <summary>
/// Content-addressed blob bytes plus the spool that uploads are written to. A blob becomes
/// visible only through <see cref="PublishUploadAsync"/>, after <see cref="SyncUploadAsync"/> made its
/// bytes durable. <see cref="PublishUploadAsync"/> and <see cref="DeleteBlobAsync"/> run only inside a metadata
/// write transaction, which serializes them: garbage collection can never delete a file that an
/// upload is publishing or deduplicating against (see GarbageCollection/README.md).
/// </summary>
public interface IBlobStore
{
    StoredBlob? Find(Digest digest);

    Task CreateUploadAsync(UploadId id, CancellationToken cancellationToken);

    long? GetUploadLength(UploadId id);

    /// <summary>Appends <paramref name="source"/> at <paramref name="offset"/>, feeding every byte to <paramref name="hash"/>.</summary>
    Task<long> AppendUploadAsync(UploadId id, Stream source, long offset, IncrementalHash hash, CancellationToken cancellationToken);

    /// <summary>Feeds the bytes already spooled to <paramref name="hash"/> (after a restart, or for a non-default algorithm).</summary>
    Task HashUploadAsync(UploadId id, IncrementalHash hash, CancellationToken cancellationToken);

    /// <summary>Flushes the spooled bytes to disk.</summary>
    Task SyncUploadAsync(UploadId id, CancellationToken cancellationToken);

    /// <summary>Moves durable spooled bytes to their content address, or drops them when that blob exists already.</summary>
    Task PublishUploadAsync(UploadId id, Digest digest, CancellationToken cancellationToken);

    /// <summary>Removes a blob's bytes; false when there were none.</summary>
    Task<bool> DeleteBlobAsync(Digest digest, CancellationToken cancellationToken);

    /// <summary>Moves a blob's bytes aside (for inspection) so it is no longer served.</summary>
    Task QuarantineBlobAsync(Digest digest, CancellationToken cancellationToken);

    /// <summary>Feeds a committed blob's bytes to <paramref name="hash"/>.</summary>
    Task HashBlobAsync(Digest digest, IncrementalHash hash, CancellationToken cancellationToken);

    /// <summary>Every blob file on disk, including ones the metadata may not know (orphans).</summary>
    IEnumerable<BlobFile> EnumerateBlobs();

    /// <summary>Upload spool files on disk, including ones whose session is gone.</summary>
    IEnumerable<UploadId> EnumerateUploads();

    StorageSpace GetSpace();

    void DeleteUpload(UploadId id);

    /// <summary>Writes and removes a probe file; throws when the store cannot take writes.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
