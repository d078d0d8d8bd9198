using System.Collections.Concurrent;
using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Configuration;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Storage;
using Appliance.Storage.Contract.Tests.Engines;
using Microsoft.Extensions.Options;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary>
/// Two registries on one metadata store (replicas on PostgreSQL; the server and a <c>gc</c> command on SQLite) push, tag,
/// mount, log and collect at once on the same rows, with no grace period and a clock that keeps moving, so collections
/// take links and blobs between a push's layers and its manifest. Every call succeeds: none surfaces "database is
/// locked", a deadlock or a serialization failure. A manifest push that finds a blob collected is told which (the client
/// pushes it again), and nothing an acknowledged manifest references is ever lost.
/// </summary>
public abstract class ConcurrentWritersContract<TEngine> : CollectorContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private const int Writers = 8;
    private const int Rounds = 5;

    [Fact]
    public async Task Writers_and_collectors_on_two_registries_all_succeed_and_lose_nothing_acknowledged()
    {
        EngineStore[] registries = [Store, await OpenReplicaAsync()];
        foreach (var registry in registries) registry.Get<IOptions<GarbageCollectionOptions>>().Value.GracePeriod = TimeSpan.Zero;
        var repository = TestContent.Repository("busy");
        var sharedLayer = TestContent.Blob();
        var acknowledged = new ConcurrentBag<(TestManifest Manifest, TestBlob[] Blobs)>();
        var usersCreated = new ConcurrentBag<string>();
        var refusals = 0;
        using var writing = new CancellationTokenSource();

        var background = registries.Select(registry => Task.Run(async () =>
        {
            var runs = 0;
            while (!writing.IsCancellationRequested || runs == 0)
            {
                try { await registry.Get<GarbageCollector>().RunAsync(dryRun: false, null, Cancel); }
                catch (GarbageCollectionBusyException) { }
                runs++;
            }
        }, Cancel)).Append(Task.Run(async () =>
        {
            // Seconds pass: what was pushed a moment ago is older than the (zero) grace period.
            while (!writing.IsCancellationRequested)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(5, Cancel);
            }
        }, Cancel)).ToArray();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var registry = registries[writer % registries.Length];
            for (var round = 0; round < Rounds; round++)
            {
                // The same layer into the same repository from every writer: one blob row and one link row, contended.
                TestBlob[] blobs = [TestContent.Blob(100), sharedLayer];
                var manifest = TestContent.Image(blobs);
                foreach (var blob in blobs) await registry.PushAsync(repository, blob, Cancel);
                while (await registry.Get<IManifestIndex>().PutAsync(repository, manifest.Stored, manifest.Parsed, $"w{writer}", Cancel) is { Count: > 0 } missing)
                {
                    Interlocked.Increment(ref refusals);
                    Assert.Subset(blobs.Select(b => b.Digest).ToHashSet(), missing.ToHashSet());
                    foreach (var blob in blobs.Where(b => missing.Contains(b.Digest))) await registry.PushAsync(repository, blob, Cancel);
                }
                acknowledged.Add((manifest, blobs));
                await registry.Get<IBlobIndex>().MountAsync(TestContent.Repository($"mirror-{round}"), sharedLayer.Digest, repository, Cancel);
                if (await registry.Get<IUserStore>().CreateAsync(new RegistryUser($"user-{round}", Role.Pull, "hash"), Cancel)) usersCreated.Add($"user-{round}");
                await registry.Get<IUserStore>().RecordLoginAsync($"user-{round}", registry.Clock.GetUtcNow(), TimeSpan.Zero, Cancel);
                await registry.Get<IAuditLog>().RecordAsync([new AuditEvent(registry.Clock.GetUtcNow(), "push", "ci", null, repository.Value, null, null)], Cancel);
            }
        }, Cancel)).ToArray();

        try
        {
            await Task.WhenAll(writers);
        }
        finally
        {
            await writing.CancelAsync();
            await Task.WhenAll(background);
        }

        var manifests = Store.Get<IManifestIndex>();
        foreach (var (manifest, blobs) in acknowledged)
        {
            Assert.NotNull(await manifests.FindByDigestAsync(repository, manifest.Digest, Cancel));
            foreach (var blob in blobs)
            {
                Assert.Equal(blob.Size, await Store.Get<IBlobIndex>().GetLinkedSizeAsync(repository, blob.Digest, Cancel));
                Assert.Equal(blob.Size, (await Store.Get<IBlobStore>().FindAsync(blob.Digest, Cancel))?.Length);
            }
        }
        Assert.Equal(Writers * Rounds, acknowledged.Count);
        Assert.Equal(Writers, (await manifests.ListTagsAsync(repository, 100, null, Cancel))!.Items.Count);
        Assert.Equal(Enumerable.Range(0, Rounds).Select(r => $"user-{r}"), usersCreated.Order(StringComparer.Ordinal));
        Assert.Equal(Writers * Rounds, (await Store.Get<IAuditLog>().ListAsync(new AuditQuery(), Cancel)).Count);
        Assert.Equal(sharedLayer.Bytes, await Store.Get<IBlobStore>().ReadAsync(sharedLayer.Digest, 0, null, Cancel));
        TestContext.Current.SendDiagnosticMessage($"{refusals} manifest pushes found a blob collected and pushed it again");
    }
}
