using System.Net;
using Appliance.Core.GarbageCollection;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Postgres.Tests;

/// <summary>
/// Concurrent writers against collections with no grace period: pushers keep re-uploading one shared layer, pushing a
/// manifest that uses it and deleting that manifest again, so the layer is unreferenced and swept over and over while
/// another push is publishing it. Every manifest the registry accepted must be pullable, layer bytes included.
/// </summary>
public sealed class CollectionRaceTests
{
    private const int Pushers = 4;
    private const int RoundsPerPusher = 40;

    [Fact]
    public async Task Collections_racing_pushes_of_a_shared_layer_never_lose_what_an_accepted_manifest_references()
    {
        var database = await SharedDatabase.CreateAsync();
        await using var server = await database.StartRegistryAsync("--gc:gracePeriod", "00:00:00", "--gc:interval", "00:00:00");
        var shared = TestImages.Layer(64 * 1024, 4242);
        var collector = server.Services.GetRequiredService<GarbageCollector>();
        using var done = new CancellationTokenSource();

        var collections = Task.Run(async () =>
        {
            var runs = 0;
            while (!done.IsCancellationRequested)
            {
                await collector.RunAsync(dryRun: false, progress: null, CancellationToken.None);
                runs++;
            }
            return runs;
        });
        var accepted = await Task.WhenAll(Enumerable.Range(0, Pushers).Select(pusher => Task.Run(() => PushAndDeleteAsync(server, pusher, shared))));
        await done.CancelAsync();
        Assert.True(await collections > 0);
        Assert.Equal(Pushers * RoundsPerPusher, accepted.Sum());
    }

    private static async Task<int> PushAndDeleteAsync(RegistryServer server, int pusher, TestBlob shared)
    {
        using var client = server.CreateRegistryClient();
        var repository = $"race/p{pusher}";
        var accepted = 0;
        for (var round = 0; round < RoundsPerPusher; round++)
        {
            var image = TestImages.ImageOf([shared], docker: false, "amd64", seed: pusher * 1000 + round);
            // A collection may unlink a layer between its upload and the manifest (it is unreferenced then, and the grace is
            // zero): the registry says MANIFEST_BLOB_UNKNOWN and a client uploads again, as skopeo and podman do.
            HttpStatusCode status;
            do
            {
                foreach (var blob in image.Blobs) await client.PushBlobAsync(repository, blob);
                using var put = await client.PutManifestAsync(repository, image.Digest, image.Manifest);
                status = put.StatusCode;
                Assert.True(status is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"manifest push answered {(int)status}");
            } while (status != HttpStatusCode.Created);
            accepted++;

            foreach (var blob in image.Blobs)
            {
                using var pulled = await client.Http.GetAsync($"/v2/{repository}/blobs/{blob.Digest}");
                Assert.True(pulled.StatusCode == HttpStatusCode.OK, $"round {round}: {blob.Digest} of an accepted manifest answered {(int)pulled.StatusCode}");
                Assert.Equal(blob.Content, await pulled.Content.ReadAsByteArrayAsync());
            }
            using var deleted = await client.Http.DeleteAsync($"/v2/{repository}/manifests/{image.Digest}");
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        }
        return accepted;
    }
}
