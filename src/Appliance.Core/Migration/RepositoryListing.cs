using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Core.Migration;

/// <summary>Every repository name of a catalog, page by page: a migration walks them all.</summary>
internal static class RepositoryListing
{
    public static async Task<List<RepositoryName>> AllAsync(IRepositoryCatalog catalog, CancellationToken cancellationToken)
    {
        var names = new List<RepositoryName>();
        Page<string> page;
        do
        {
            page = await catalog.ListAsync(1000, names.Count == 0 ? null : names[^1].Value, cancellationToken);
            names.AddRange(page.Items.Select(RepositoryName.Parse));
        } while (page.HasMore && page.Items.Count > 0);
        return names;
    }
}
