using Appliance.Core.Content;
using Appliance.Core.Names;
using Appliance.Core.Upstreams;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary><see cref="IUpstreamCacheIndex"/>'s summary per repository, which the console's upstreams page shows.</summary>
public abstract class UpstreamCacheIndexContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    [Fact]
    public async Task The_summary_counts_manifests_blobs_and_bytes_per_repository_with_its_last_use_and_forgets_what_was_forgotten()
    {
        var index = Store.Get<IUpstreamCacheIndex>();
        Assert.Empty(await index.SummarizeAsync(Cancel));
        var (release, tools) = (RepositoryName.Parse("ocp4/release"), RepositoryName.Parse("ocp4/tools"));
        var fetched = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var manifest = Digest.Sha256("manifest"u8);
        var (layer, config) = (Digest.Sha256("layer"u8), Digest.Sha256("config"u8));
        await index.RecordAsync(new CachedContent(release, manifest, CachedKind.Manifest, 500, "quay.io", fetched, fetched), Cancel);
        await index.RecordAsync(new CachedContent(release, layer, CachedKind.Blob, 3_000_000_000, "quay.io", fetched, fetched), Cancel);
        await index.RecordAsync(new CachedContent(release, config, CachedKind.Blob, 1_500, "quay.io", fetched, fetched), Cancel);
        await index.RecordAsync(new CachedContent(tools, layer, CachedKind.Blob, 3_000_000_000, "quay.io", fetched, fetched), Cancel);
        await index.TouchAsync(release, config, fetched.AddHours(2), Cancel);

        Assert.Equal([new CachedRepository(release, 1, 2, 3_000_002_000, fetched.AddHours(2)), new CachedRepository(tools, 0, 1, 3_000_000_000, fetched)],
            await index.SummarizeAsync(Cancel));

        await index.ForgetAsync(tools, layer, Cancel);
        Assert.Equal([release], (await index.SummarizeAsync(Cancel)).Select(r => r.Repository));
    }
}
