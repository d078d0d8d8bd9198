using Appliance.Core.Names;
using Appliance.Core.Storage;
using Appliance.Core.Usage;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary><see cref="IUsageHistory"/> (one row a day) and <see cref="INamespaceUsage"/> (a blob once per namespace).</summary>
public abstract class UsageContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    [Fact]
    public async Task The_history_keeps_one_row_a_day_the_last_written_and_lists_from_a_day_on_oldest_first()
    {
        var history = Store.Get<IUsageHistory>();
        var first = new DateOnly(2026, 3, 30);
        Assert.Empty(await history.ListAsync(first, Cancel));
        await history.RecordAsync(new UsageDay(first.AddDays(2), 300, 30), Cancel);
        await history.RecordAsync(new UsageDay(first, 100, 10), Cancel);
        await history.RecordAsync(new UsageDay(first.AddDays(1), 200, 20), Cancel);
        await history.RecordAsync(new UsageDay(first.AddDays(1), 5_000_000_000_000, 4_000_000_000_000), Cancel);

        Assert.Equal([new UsageDay(first, 100, 10), new UsageDay(first.AddDays(1), 5_000_000_000_000, 4_000_000_000_000), new UsageDay(first.AddDays(2), 300, 30)],
            await history.ListAsync(first, Cancel));
        Assert.Equal([new UsageDay(first.AddDays(2), 300, 30)], await history.ListAsync(first.AddDays(2), Cancel));
    }

    [Fact]
    public async Task A_namespace_counts_a_blob_its_repositories_share_once_and_one_other_namespaces_share_in_each()
    {
        var (ocpRelease, ocpOperators, team) = (RepositoryName.Parse("ocp4/release"), RepositoryName.Parse("ocp4/operators"), RepositoryName.Parse("team/app"));
        var (manifest, blobs) = await Store.PushImageAsync(ocpRelease, "v1", Cancel, layers: 2);
        foreach (var blob in blobs)
        {
            Assert.True(await Store.Get<IBlobIndex>().MountAsync(ocpOperators, blob.Digest, ocpRelease, Cancel));
            Assert.True(await Store.Get<IBlobIndex>().MountAsync(team, blob.Digest, ocpRelease, Cancel));
        }
        await Store.PutAsync(ocpOperators, manifest, "v1", Cancel);
        var (_, own) = await Store.PushImageAsync(team, "v2", Cancel, layers: 3);
        var shared = blobs.Sum(b => b.Size);
        var usage = Store.Get<INamespaceUsage>();

        Assert.Equal([new NamespaceSize("team", shared + own.Sum(b => b.Size), 1), new NamespaceSize("ocp4", shared, 2)],
            await usage.LargestAsync(null, 10, Cancel));
        Assert.Equal([new NamespaceSize("team", shared + own.Sum(b => b.Size), 1)], await usage.LargestAsync(null, 1, Cancel));
        Assert.Equal([new NamespaceSize("ocp4", shared, 2)], await usage.LargestAsync(["ocp*"], 10, Cancel));
        Assert.Empty(await usage.LargestAsync([], 10, Cancel));
    }
}
