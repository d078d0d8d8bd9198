using Appliance.Core.Content;
using Appliance.Core.Names;

namespace Appliance.Core.Upstreams;

/// <summary>What the pull-through cache fetched (and when a pull last used it), and the tags it resolved upstream.</summary>
public interface IUpstreamCacheIndex
{
    /// <summary>The digest a tag had upstream when the cache last asked, or null when the cache never resolved that tag.</summary>
    Task<CachedTag?> FindTagAsync(RepositoryName repository, string tag, CancellationToken cancellationToken);

    /// <summary>Records (or renews) what a tag is upstream, as of <paramref name="checkedAt"/>.</summary>
    Task SetTagAsync(RepositoryName repository, string tag, Digest digest, DateTimeOffset checkedAt, CancellationToken cancellationToken);

    /// <summary>Records content as fetched from an upstream; a second record of the same content renews its last use.</summary>
    Task RecordAsync(CachedContent content, CancellationToken cancellationToken);

    /// <summary>Marks cached content as used at <paramref name="at"/> (nothing happens for content the cache did not fetch).</summary>
    Task TouchAsync(RepositoryName repository, Digest digest, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Cached content last used before <paramref name="before"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<CachedContent>> ListUnusedAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);

    /// <summary>Per local repository, what the cache holds: how many manifests and blobs, their bytes, and its last use; by repository name.</summary>
    Task<IReadOnlyList<CachedRepository>> SummarizeAsync(CancellationToken cancellationToken);

    /// <summary>Forgets a cached manifest or blob (and the tags that named a manifest) once it was removed from the repository.</summary>
    Task ForgetAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);
}

public sealed record CachedTag(Digest Digest, DateTimeOffset CheckedAt);

public enum CachedKind
{
    Blob = 0,
    Manifest = 1,
}

/// <param name="Upstream">The upstream host it came from.</param>
public sealed record CachedContent(RepositoryName Repository, Digest Digest, CachedKind Kind, long Size, string Upstream, DateTimeOffset FetchedAt,
    DateTimeOffset LastUsed);
