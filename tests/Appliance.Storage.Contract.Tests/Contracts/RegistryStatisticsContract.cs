using Appliance.Core.Storage;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary><see cref="IRegistryStatistics"/>: what the registry holds, a blob's bytes counted once however many repositories link it.</summary>
public abstract class RegistryStatisticsContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    [Fact]
    public async Task Counts_repositories_manifests_tags_blobs_bytes_once_and_uploads_in_progress()
    {
        var statistics = Store.Get<IRegistryStatistics>();
        Assert.Equal(new RegistryStatistics(0, 0, 0, 0, 0, 0), await statistics.CountAsync(Cancel));
        var (first, second) = (TestContent.Repository("first"), TestContent.Repository("second"));
        var (manifest, blobs) = await Store.PushImageAsync(first, "latest", Cancel, layers: 2);
        await Store.PutAsync(first, manifest, "v1", Cancel);
        foreach (var blob in blobs) Assert.True(await Store.Get<IBlobIndex>().MountAsync(second, blob.Digest, first, Cancel));
        await Store.PutAsync(second, manifest, null, Cancel);
        await Store.Get<IUploadSessions>().CreateAsync(new UploadSession(UploadId.New(), second, Store.Clock.GetUtcNow()), Cancel);

        Assert.Equal(new RegistryStatistics(Repositories: 2, Manifests: 2, Tags: 2, Blobs: 3, StoredBytes: blobs.Sum(b => b.Size), UploadsInProgress: 1),
            await statistics.CountAsync(Cancel));
    }
}
