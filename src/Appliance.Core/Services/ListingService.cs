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

    /// <param name="visible">Which repositories the caller may see (null: all): the page is filled with visible ones only.</param>
    public async Task<Page<string>> ListRepositoriesAsync(int? limit, string? last, Func<string, bool>? visible, CancellationToken cancellationToken)
    {
        var size = PageSize(limit);
        if (visible is null) return await catalog.ListAsync(size, last, cancellationToken);
        var items = new List<string>(size);
        while (true)
        {
            var page = await catalog.ListAsync(Math.Max(size, 100), last, cancellationToken);
            foreach (var name in page.Items)
            {
                if (items.Count == size) return new Page<string>(items, HasMore: true);
                if (visible(name)) items.Add(name);
            }
            if (!page.HasMore || page.Items.Count == 0) return new Page<string>(items, HasMore: false);
            last = page.Items[^1];
        }
    }

    private int PageSize(int? requested)
    {
        var max = options.Value.MaxPageSize;
        if (requested is null) return max;
        if (requested < 0) throw new RegistryException(OciErrorCode.PaginationNumberInvalid, "n must not be negative");
        return Math.Min(requested.Value, max);
    }
}
