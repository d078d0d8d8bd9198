using Appliance.Core.Content;
using Appliance.Core.Names;

namespace Appliance.Core.Storage;

/// <summary>Which repositories may serve which blobs (the "links" of distribution).</summary>
public interface IBlobIndex
{
    /// <summary>The blob's size when it is linked into <paramref name="repository"/>.</summary>
    Task<long?> GetLinkedSizeAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);

    /// <summary>
    /// Records the blob, links it into <paramref name="repository"/> and ends <paramref name="upload"/>'s session, all in
    /// one write transaction; <paramref name="publish"/> runs first, inside it, to put the bytes in place.
    /// </summary>
    Task LinkUploadAsync(RepositoryName repository, Digest digest, long size, UploadId upload, Func<CancellationToken, Task> publish,
        CancellationToken cancellationToken);

    /// <summary>Every blob the metadata knows, with its recorded size and whether any repository or manifest still uses it.</summary>
    IAsyncEnumerable<RecordedBlob> ListAsync(CancellationToken cancellationToken);

    /// <summary>Forgets a blob everywhere (its links and its record), e.g. after quarantining corrupt bytes.</summary>
    Task ForgetAsync(Digest digest, Func<CancellationToken, Task> removeBytes, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="removeBytes"/> only if, inside the write transaction, the blob still has no record.</summary>
    Task<bool> RemoveOrphanAsync(Digest digest, Func<CancellationToken, Task> removeBytes, CancellationToken cancellationToken);

    /// <summary>Links a blob that <paramref name="source"/> already has; false when it has not.</summary>
    Task<bool> MountAsync(RepositoryName repository, Digest digest, RepositoryName source, CancellationToken cancellationToken);

    Task<bool> UnlinkAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);

    /// <summary>The blobs <paramref name="repository"/> links, with when each link was made (for migration to another store).</summary>
    IAsyncEnumerable<BlobLink> ListLinksAsync(RepositoryName repository, CancellationToken cancellationToken);

    /// <summary>
    /// Records a blob as another store recorded it, keeping its time, with <paramref name="publish"/> putting its bytes in place
    /// inside the write transaction (as <see cref="LinkUploadAsync"/> does). A blob recorded already keeps its record.
    /// </summary>
    Task ImportAsync(RecordedBlob blob, Func<CancellationToken, Task> publish, CancellationToken cancellationToken);

    /// <summary>Adds the links <paramref name="repository"/> does not have yet, keeping their times; returns how many were new.</summary>
    Task<int> ImportLinksAsync(RepositoryName repository, IReadOnlyList<BlobLink> links, CancellationToken cancellationToken);
}
