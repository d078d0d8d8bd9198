using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Core.ClusterConfig;

/// <summary>cluster-config over this registry's repositories: which exist and which hold tags.</summary>
public sealed class ClusterConfigService(IRepositoryCatalog catalog, IManifestIndex index)
{
    private const int PageSize = 1000;

    public async Task<ClusterConfigResult> GenerateAsync(ClusterConfigRequest request, CancellationToken cancellationToken) =>
        ClusterConfigGenerator.Generate(request, await RepositoriesAsync(cancellationToken));

    private async Task<List<MirroredRepository>> RepositoriesAsync(CancellationToken cancellationToken)
    {
        var repositories = new List<MirroredRepository>();
        string? last = null;
        while (true)
        {
            var page = await catalog.ListAsync(PageSize, last, cancellationToken);
            foreach (var name in page.Items)
            {
                var tags = await index.ListTagsAsync(RepositoryName.Parse(name), 1, null, cancellationToken);
                repositories.Add(new MirroredRepository(name, tags is { Items.Count: > 0 }));
            }
            if (!page.HasMore || page.Items.Count == 0) return repositories;
            last = page.Items[^1];
        }
    }
}
