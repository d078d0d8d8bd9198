using Appliance.Core.Configuration;
using Appliance.Core.Errors;
using Appliance.Core.Names;
using Appliance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Appliance.Core.Services;

/// <summary>Paginated tag and repository listings.</summary>
public sealed class ListingService(IManifestIndex index, IRepositoryCatalog catalog, IOptions<RegistryOptions> options)
{
    public async Task<Page<string>> ListTagsAsync(RepositoryName repository, int? limit, string? last, CancellationToken cancellationToken) =>
        await index.ListTagsAsync(repository, PageSize(limit), last, cancellationToken)
        ?? throw new RegistryException(OciErrorCode.NameUnknown, $"repository {repository} is not known to this registry");

    public Task<Page<string>> ListRepositoriesAsync(int? limit, string? last, CancellationToken cancellationToken) =>
        catalog.ListAsync(PageSize(limit), last, cancellationToken);

    private int PageSize(int? requested)
    {
        var max = options.Value.MaxPageSize;
        if (requested is null) return max;
        if (requested < 0) throw new RegistryException(OciErrorCode.PaginationNumberInvalid, "n must not be negative");
        return Math.Min(requested.Value, max);
    }
}
