using Appliance.Core.Content;
using Appliance.Core.Names;

namespace Appliance.Core.Storage;

/// <summary>Which repositories may serve which blobs (the "links" of distribution).</summary>
public interface IBlobIndex
{
    /// <summary>The blob's size when it is linked into <paramref name="repository"/>.</summary>
    Task<long?> GetLinkedSizeAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);

    Task LinkAsync(RepositoryName repository, Digest digest, long size, CancellationToken cancellationToken);

    /// <summary>Links a blob that <paramref name="source"/> already has; false when it has not.</summary>
    Task<bool> MountAsync(RepositoryName repository, Digest digest, RepositoryName source, CancellationToken cancellationToken);

    Task<bool> UnlinkAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);
}
