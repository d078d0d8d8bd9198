using Appliance.Core.Content;
using Appliance.Core.Names;

namespace Appliance.Core.Storage;

/// <summary>What the console shows: repositories with their sizes, the manifests of one repository, uploads in progress.</summary>
public interface IRepositoryBrowser
{
    /// <summary>One page of the repositories whose name contains the search text (in the query's namespaces), with the total that matched.</summary>
    Task<RepositorySummaryPage> ListRepositoriesAsync(RepositoryQuery query, CancellationToken cancellationToken);

    /// <summary>Tagged manifests and untagged ones that no index lists; null when the repository is unknown.</summary>
    Task<IReadOnlyList<ManifestSummary>?> ListManifestsAsync(RepositoryName repository, CancellationToken cancellationToken);

    /// <summary>The size of every blob counted once per repository linking it: what the images would take without deduplication.</summary>
    Task<long> LinkedBytesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<UploadSession>> ListUploadsAsync(CancellationToken cancellationToken);
}

public enum RepositorySort { Name, Size, Pushed }

/// <param name="Page">1-based.</param>
/// <param name="Namespaces">Only repositories in these namespace patterns (what the caller may read); null: all.</param>
public sealed record RepositoryQuery(string? Search, RepositorySort Sort, int Page, int PageSize, IReadOnlyList<string>? Namespaces = null);

/// <param name="UniqueBytes">Bytes of the blobs no other repository links: what deleting the repository would free.</param>
public sealed record RepositorySummary(string Name, long Tags, long UniqueBytes, DateTimeOffset? LastPush);

public sealed record RepositorySummaryPage(IReadOnlyList<RepositorySummary> Items, long Total);

/// <param name="Size">The manifest with the blobs it references (an index: with its children's).</param>
/// <param name="Content">The stored bytes of indexes only (they name their platforms); empty for other manifests.</param>
public sealed record ManifestSummary(Digest Digest, string MediaType, string? ArtifactType, long Size, DateTimeOffset PushedAt,
    IReadOnlyList<string> Tags, ReadOnlyMemory<byte> Content);
