using System.Security.Cryptography;
using Appliance.Core.Content;

namespace Appliance.Core.Storage;

/// <summary>
/// Content-addressed blob bytes plus the spool that uploads are written to. A blob becomes
/// visible only through <see cref="CommitUploadAsync"/>, after its bytes are durable.
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

    /// <summary>Makes the spooled bytes durable and moves them to their content address.</summary>
    Task CommitUploadAsync(UploadId id, Digest digest, CancellationToken cancellationToken);

    void DeleteUpload(UploadId id);

    /// <summary>Writes and removes a probe file; throws when the store cannot take writes.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
