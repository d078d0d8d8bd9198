using Appliance.Core.Names;
using Appliance.Core.Storage;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary>
/// <see cref="IRepositoryBrowser"/>: the console's figures. The bytes unique to a repository follow links as they come and
/// go (SQLite keeps them by triggers, PostgreSQL computes them: the same history must give the same figures).
/// </summary>
public abstract class RepositoryBrowserContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private IRepositoryBrowser Browser => Store.Get<IRepositoryBrowser>();

    [Fact]
    public async Task Unique_bytes_follow_links_mounts_unlinks_and_forgotten_blobs()
    {
        var (alpha, beta) = (TestContent.Repository("alpha"), TestContent.Repository("beta"));
        var (shared, own, other) = (TestContent.Blob(100), TestContent.Blob(200), TestContent.Blob(50));
        await Store.PushAsync(alpha, shared, Cancel);
        await Store.PushAsync(alpha, own, Cancel);
        await Store.PushAsync(beta, other, Cancel);
        Assert.Equal(new[] { 300L, 50L }, await UniqueBytesAsync(alpha, beta));

        var index = Store.Get<IBlobIndex>();
        Assert.True(await index.MountAsync(beta, shared.Digest, alpha, Cancel));
        Assert.Equal(new[] { 200L, 50L }, await UniqueBytesAsync(alpha, beta));
        Assert.Equal(450, await Browser.LinkedBytesAsync(Cancel));

        Assert.True(await index.UnlinkAsync(alpha, shared.Digest, Cancel));
        Assert.Equal(new[] { 200L, 150L }, await UniqueBytesAsync(alpha, beta));
        await index.ForgetAsync(own.Digest, _ => Task.CompletedTask, Cancel);
        Assert.Equal(new[] { 0L, 150L }, await UniqueBytesAsync(alpha, beta));
        Assert.Equal(150, await Browser.LinkedBytesAsync(Cancel));
    }

    [Fact]
    public async Task Repositories_are_searched_sorted_by_name_size_or_last_push_and_paged()
    {
        var names = new[] { "app-b", "app-a", "base", "app-c" };
        var sizes = new[] { 300, 100, 400, 100 };
        for (var i = 0; i < names.Length; i++)
        {
            Store.Clock.Advance(TimeSpan.FromMinutes(1));
            await Store.PushAsync(TestContent.Repository(names[i]), TestContent.Blob(sizes[i]), Cancel);
        }
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        var (manifest, _) = await Store.PushImageAsync(TestContent.Repository("app-a"), "latest", Cancel);

        var byName = await Browser.ListRepositoriesAsync(new RepositoryQuery("app", RepositorySort.Name, 1, 2), Cancel);
        Assert.Equal(3, byName.Total);
        Assert.Equal(["contract/app-a", "contract/app-b"], byName.Items.Select(r => r.Name));
        var secondPage = await Browser.ListRepositoriesAsync(new RepositoryQuery("app", RepositorySort.Name, 2, 2), Cancel);
        Assert.Equal(["contract/app-c"], secondPage.Items.Select(r => r.Name));

        var bySize = await Browser.ListRepositoriesAsync(new RepositoryQuery(null, RepositorySort.Size, 1, 10), Cancel);
        var appA = 100 + 2000;
        Assert.Equal(new[] { ("contract/base", 400L), ("contract/app-b", 300L), ("contract/app-a", (long)appA), ("contract/app-c", 100L) }
            .OrderByDescending(r => r.Item2).ThenBy(r => r.Item1, StringComparer.Ordinal), bySize.Items.Select(r => (r.Name, r.UniqueBytes)));

        var byPush = await Browser.ListRepositoriesAsync(new RepositoryQuery(null, RepositorySort.Pushed, 1, 10), Cancel);
        // Only manifests and tags count as a push: a repository with blobs only has none yet.
        Assert.Equal(new RepositorySummary("contract/app-a", 1, appA, EngineStore.Start.AddMinutes(5)), byPush.Items[0]);
        Assert.All(byPush.Items.Skip(1), r => Assert.Null(r.LastPush));
        Assert.Equal(["contract/app-b", "contract/app-c", "contract/base"], byPush.Items.Skip(1).Select(r => r.Name));
        Assert.NotNull(manifest);
    }

    [Fact]
    public async Task Listings_keep_to_the_namespaces_a_caller_may_read_counting_and_paging_only_those()
    {
        foreach (var name in new[] { "team-a/app", "team-ab/tool", "team_b/x", "teamxb/y", "ocp4/release", "ocp4" })
        {
            await Store.PushAsync(RepositoryName.Parse(name), TestContent.Blob(10), Cancel);
        }
        async Task<string[]> ListAsync(params string[] namespaces) => (await Browser.ListRepositoriesAsync(
            new RepositoryQuery(null, RepositorySort.Name, 1, 10, namespaces), Cancel)).Items.Select(r => r.Name).ToArray();

        Assert.Equal(["team-a/app", "team-ab/tool"], await ListAsync("team-a*"));
        Assert.Equal(["team-a/app"], await ListAsync("team-a"));
        // '_' is a LIKE wildcard: escaped, "team_b" does not match "teamxb".
        Assert.Equal(["team_b/x"], await ListAsync("team_b*"));
        Assert.Equal(["ocp4", "ocp4/release", "team-a/app"], await ListAsync("ocp4", "team-a"));
        Assert.Empty(await ListAsync());
        var page = await Browser.ListRepositoriesAsync(new RepositoryQuery(null, RepositorySort.Size, 2, 1, ["team-*"]), Cancel);
        Assert.Equal(2, page.Total);
        Assert.Single(page.Items);
    }

    [Fact]
    public async Task Manifests_show_tagged_ones_and_untagged_ones_no_index_lists_newest_first_with_their_sizes()
    {
        var repository = TestContent.Repository("app");
        var (platform, platformBlobs) = await Store.PushImageAsync(repository, null, Cancel);
        var (tagged, taggedBlobs) = await Store.PushImageAsync(repository, "amd64", Cancel);
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        var index = TestContent.Index(platform, tagged);
        await Store.PutAsync(repository, index, "latest", Cancel);
        Store.Clock.Advance(TimeSpan.FromMinutes(1));
        var (loose, looseBlobs) = await Store.PushImageAsync(repository, null, Cancel);

        var manifests = await Browser.ListManifestsAsync(repository, Cancel);

        long SizeOf(TestManifest m, TestBlob[] blobs) => m.Size + blobs.Sum(b => b.Size);
        Assert.NotNull(manifests);
        Assert.Equal([loose.Digest, index.Digest, tagged.Digest], manifests.Select(m => m.Digest));
        Assert.Equal([SizeOf(loose, looseBlobs), index.Size + SizeOf(platform, platformBlobs) + SizeOf(tagged, taggedBlobs), SizeOf(tagged, taggedBlobs)],
            manifests.Select(m => m.Size));
        Assert.Equal(["", "latest", "amd64"], manifests.Select(m => string.Join(",", m.Tags)));
        Assert.Equal(index.Stored.Content.ToArray(), manifests[1].Content.ToArray());
        Assert.True(manifests[0].Content.IsEmpty);
        Assert.Equal(EngineStore.Start.AddMinutes(1), manifests[1].PushedAt);
        Assert.Null(await Browser.ListManifestsAsync(TestContent.Repository("unknown"), Cancel));
    }

    private async Task<long[]> UniqueBytesAsync(params Core.Names.RepositoryName[] repositories)
    {
        var page = await Browser.ListRepositoriesAsync(new RepositoryQuery(null, RepositorySort.Name, 1, 100), Cancel);
        return repositories.Select(r => page.Items.Single(i => i.Name == r.Value).UniqueBytes).ToArray();
    }
}
