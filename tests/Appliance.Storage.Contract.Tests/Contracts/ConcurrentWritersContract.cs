using System.Collections.Concurrent;
using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Configuration;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Services;
using Appliance.Core.Storage;
using Appliance.Storage.Contract.Tests.Engines;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary>
/// Two registries on one metadata store (replicas on PostgreSQL; the server and a maintenance command on SQLite) push,
/// tag, mount, log and collect at once on the same rows: every call succeeds, none surfaces "database is locked", a
/// deadlock or a serialization failure, and nothing acknowledged is lost.
/// </summary>
public abstract class ConcurrentWritersContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private const int Writers = 8;
    private const int Rounds = 5;

    protected override void Configure(IServiceCollection services) =>
        services.AddSingleton<UploadHashStates>().AddSingleton<GarbageCollector>().Configure<GarbageCollectionOptions>(_ => { });

    [Fact]
    public async Task Writers_and_collectors_on_two_registries_all_succeed_and_keep_everything_acknowledged()
    {
        EngineStore[] registries = [Store, await OpenReplicaAsync()];
        var repository = TestContent.Repository("busy");
        var sharedLayer = TestContent.Blob();
        var stored = new ConcurrentBag<TestManifest>();
        var usersCreated = new ConcurrentBag<string>();
        using var writing = new CancellationTokenSource();

        var collectors = registries.Select(registry => Task.Run(async () =>
        {
            var runs = 0;
            while (!writing.IsCancellationRequested || runs == 0)
            {
                try { await registry.Get<GarbageCollector>().RunAsync(dryRun: false, null, Cancel); }
                catch (GarbageCollectionBusyException) { }
                runs++;
            }
        })).ToArray();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var registry = registries[writer % registries.Length];
            for (var round = 0; round < Rounds; round++)
            {
                // The same layer into the same repository from every writer: one blob row, one link row, contended.
                await registry.PushAsync(repository, sharedLayer, Cancel);
                var config = TestContent.Blob(100);
                await registry.PushAsync(repository, config, Cancel);
                var manifest = TestContent.Image(config, sharedLayer);
                await registry.PutAsync(repository, manifest, "latest", Cancel);
                await registry.PutAsync(repository, manifest, $"w{writer}", Cancel);
                stored.Add(manifest);
                Assert.True(await registry.Get<IBlobIndex>().MountAsync(TestContent.Repository($"mirror-{round}"), sharedLayer.Digest, repository, Cancel));
                if (await registry.Get<IUserStore>().CreateAsync(new RegistryUser($"user-{round}", Role.Pull, "hash"), Cancel)) usersCreated.Add($"user-{round}");
                await registry.Get<IUserStore>().RecordLoginAsync($"user-{round}", registry.Clock.GetUtcNow(), TimeSpan.Zero, Cancel);
                await registry.Get<IAuditLog>().RecordAsync([new AuditEvent(registry.Clock.GetUtcNow(), "push", "ci", null, repository.Value, null, null)], Cancel);
            }
        })).ToArray();

        try
        {
            await Task.WhenAll(writers);
        }
        finally
        {
            await writing.CancelAsync();
            await Task.WhenAll(collectors);
        }

        var manifests = Store.Get<IManifestIndex>();
        var records = await manifests.ListRecordsAsync(repository, Cancel).ToDictionaryAsync(r => r.Manifest.Digest, cancellationToken: Cancel);
        Assert.Equal(stored.Select(m => m.Digest).OrderBy(d => d.ToString(), StringComparer.Ordinal), records.Keys.OrderBy(d => d.ToString(), StringComparer.Ordinal));
        Assert.Contains((await manifests.FindByTagAsync(repository, "latest", Cancel))!.Digest, records.Keys);
        Assert.Equal(Writers + 1, (await manifests.ListTagsAsync(repository, 100, null, Cancel))!.Items.Count);
        Assert.Equal(Enumerable.Range(0, Rounds).Select(r => $"user-{r}"), usersCreated.Order(StringComparer.Ordinal));
        Assert.Equal(Writers * Rounds, (await Store.Get<IAuditLog>().ListAsync(new AuditQuery(), Cancel)).Count);
        Assert.Equal(sharedLayer.Bytes, await Store.Get<IBlobStore>().ReadAsync(sharedLayer.Digest, 0, null, Cancel));
    }
}
