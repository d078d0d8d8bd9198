using Appliance.Core.GarbageCollection;
using Appliance.Core.Names;
using Appliance.Core.Quotas;
using Appliance.Core.Storage;
using Appliance.Storage.Contract.Tests.Engines;
using Appliance.Storage.Relational;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary>
/// <see cref="IQuotaStore"/> and the use the engine keeps per namespace: the unique bytes of its repositories (a blob two of
/// them link counts once, a blob two namespaces link counts in each), current after every link and unlink, equal to a
/// recount after deletes and garbage collection, and on replicas pushing side by side.
/// </summary>
public abstract class QuotaStoreContract<TEngine> : CollectorContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private static readonly TimeSpan PastGrace = new Core.Configuration.GarbageCollectionOptions().GracePeriod + TimeSpan.FromSeconds(1);

    private IQuotaStore Quotas => Store.Get<IQuotaStore>();

    private static RepositoryName Repo(string name) => RepositoryName.Parse(name);

    [Fact]
    public async Task A_quota_is_set_changed_and_removed_and_the_default_is_one_more_row()
    {
        Assert.True(await Quotas.SetAsync(new NamespaceQuota("ocp4", new Quota(20L << 30)), Cancel));
        Assert.False(await Quotas.SetAsync(new NamespaceQuota("ocp4", new Quota(20L << 30)), Cancel));
        Assert.True(await Quotas.SetAsync(new NamespaceQuota("ocp4", new Quota(20L << 30, 70, 110)), Cancel));
        Assert.True(await Quotas.SetAsync(new NamespaceQuota(NamespaceQuota.Default, new Quota(5L << 30)), Cancel));

        Assert.Equal([new NamespaceQuota(NamespaceQuota.Default, new Quota(5L << 30)), new NamespaceQuota("ocp4", new Quota(20L << 30, 70, 110))],
            await Quotas.ListAsync(Cancel));
        Assert.True(await Quotas.RemoveAsync("ocp4", Cancel));
        Assert.False(await Quotas.RemoveAsync("ocp4", Cancel));
        Assert.Single(await Quotas.ListAsync(Cancel));
    }

    [Fact]
    public async Task Use_counts_each_blob_once_per_namespace_and_in_every_namespace_that_links_it()
    {
        var (shared, own, other) = (TestContent.Blob(1000), TestContent.Blob(300), TestContent.Blob(40));
        await Store.PushAsync(Repo("team/app"), shared, Cancel);
        await Store.PushAsync(Repo("team/app"), own, Cancel);
        await Store.PushAsync(Repo("team/tools"), shared, Cancel);
        await Store.PushAsync(Repo("team/app"), shared, Cancel);
        Assert.True(await Store.Get<IBlobIndex>().MountAsync(Repo("mirror/app"), shared.Digest, Repo("team/app"), Cancel));
        await Store.PushAsync(Repo("single"), other, Cancel);

        Assert.Equal(1300, await Quotas.ReadUsageAsync("team", Cancel));
        Assert.Equal(1000, await Quotas.ReadUsageAsync("mirror", Cancel));
        Assert.Equal(40, await Quotas.ReadUsageAsync("single", Cancel));
        Assert.Equal(0, await Quotas.ReadUsageAsync("nothing", Cancel));
        Assert.Equal(["mirror", "single", "team"], (await Quotas.ListUsageAsync(Cancel)).Select(u => u.Namespace));

        // One of two links in the namespace goes: the bytes still count; the last goes: they no longer do.
        Assert.True(await Store.Get<IBlobIndex>().UnlinkAsync(Repo("team/tools"), shared.Digest, Cancel));
        Assert.Equal(1300, await Quotas.ReadUsageAsync("team", Cancel));
        Assert.True(await Store.Get<IBlobIndex>().UnlinkAsync(Repo("team/app"), shared.Digest, Cancel));
        Assert.Equal(300, await Quotas.ReadUsageAsync("team", Cancel));
        Assert.Equal(1000, await Quotas.ReadUsageAsync("mirror", Cancel));
        Assert.Equal(0, await Store.Get<INamespaceUsageReconciler>().ReconcileAsync(Cancel));
    }

    [Fact]
    public async Task After_deletes_and_garbage_collection_the_use_is_what_remains_and_agrees_with_a_recount()
    {
        var (_, keptBlobs) = await Store.PushImageAsync(Repo("team/app"), "v1", Cancel);
        var (deleted, deletedBlobs) = await Store.PushImageAsync(Repo("team/app"), "v2", Cancel, layers: 2);
        Assert.Equal(keptBlobs.Concat(deletedBlobs).Sum(b => b.Size), await Quotas.ReadUsageAsync("team", Cancel));

        Assert.True(await Store.Get<IManifestIndex>().DeleteAsync(Repo("team/app"), deleted.Digest, Cancel));
        Store.Clock.Advance(PastGrace);
        await Store.Get<GarbageCollector>().RunAsync(dryRun: false, progress: null, Cancel);

        Assert.Equal(keptBlobs.Sum(b => b.Size), await Quotas.ReadUsageAsync("team", Cancel));
        Assert.Equal(0, await Store.Get<INamespaceUsageReconciler>().ReconcileAsync(Cancel));
    }

    [Fact]
    public async Task Garbage_collection_corrects_a_figure_that_drifted()
    {
        var (_, blobs) = await Store.PushImageAsync(Repo("team/app"), "v1", Cancel);
        await Store.Get<IRelationalDatabase>().WriteStatementAsync((connection, transaction) =>
            connection.Command("UPDATE namespace_usage SET used_bytes = 1", transaction).ExecuteAsync(Cancel), Cancel);
        Assert.Equal(1, await Quotas.ReadUsageAsync("team", Cancel));

        await Store.Get<GarbageCollector>().RunAsync(dryRun: false, progress: null, Cancel);

        Assert.Equal(blobs.Sum(b => b.Size), await Quotas.ReadUsageAsync("team", Cancel));
    }

    [Fact]
    public async Task Replicas_pushing_the_same_blobs_into_one_namespace_side_by_side_count_each_once()
    {
        var replica = await OpenReplicaAsync();
        var blobs = Enumerable.Range(0, 12).Select(i => TestContent.Blob(100 + i)).ToArray();
        await Task.WhenAll(
            Enumerable.Range(0, 4).Select(pusher => Task.Run(async () =>
            {
                var store = pusher % 2 == 0 ? Store : replica;
                foreach (var blob in blobs) await store.PushAsync(Repo($"team/app{pusher}"), blob, Cancel);
            }, Cancel)));

        Assert.Equal(blobs.Sum(b => b.Size), await Quotas.ReadUsageAsync("team", Cancel));
        Assert.Equal(0, await Store.Get<INamespaceUsageReconciler>().ReconcileAsync(Cancel));
    }

    [Fact]
    public async Task A_crossing_is_announced_by_one_caller_only()
    {
        var replica = await OpenReplicaAsync();
        var wins = await Task.WhenAll(Quotas.MarkAnnouncedAsync("team", QuotaState.Warning, Cancel),
            replica.Get<IQuotaStore>().MarkAnnouncedAsync("team", QuotaState.Warning, Cancel));
        Assert.Single(wins, won => won);
        Assert.False(await Quotas.MarkAnnouncedAsync("team", QuotaState.Warning, Cancel));
        Assert.True(await Quotas.MarkAnnouncedAsync("team", QuotaState.Rejecting, Cancel));
        Assert.Equal(QuotaState.Rejecting, Assert.Single(await Quotas.ListUsageAsync(Cancel)).AnnouncedState);
    }
}
