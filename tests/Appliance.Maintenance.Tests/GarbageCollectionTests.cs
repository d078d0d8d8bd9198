using System.Net;
using Appliance.Testing;

namespace Appliance.Maintenance.Tests;

public sealed class GarbageCollectionTests : GarbageCollectionTest
{
    [Fact]
    public async Task Default_policy_keeps_untagged_manifests_pushed_by_digest()
    {
        var client = await StartAsync("--gc:gracePeriod", "00:00:00");
        var image = TestImages.Image(2, 4096, 1);
        await client.PushImageAsync("ocp/release", image.Digest, image);
        await PassASecondAsync();

        var report = await CollectAsync(client);
        Assert.Equal(0, report.GetProperty("manifestsRemoved").GetInt32());
        Assert.Equal(0, report.GetProperty("blobsRemoved").GetInt32());
        Assert.Equal(image.Manifest.Content, await client.Http.GetByteArrayAsync($"/v2/ocp/release/manifests/{image.Digest}", Cancel));
        foreach (var blob in image.Blobs) Assert.Equal(blob.Content, await client.Http.GetByteArrayAsync($"/v2/ocp/release/blobs/{blob.Digest}", Cancel));
    }

    [Fact]
    public async Task Deleting_a_manifest_then_collecting_reclaims_exactly_its_unshared_blobs()
    {
        var client = await StartAsync("--gc:gracePeriod", "00:00:00");
        var shared = TestImages.Layer(8192, 99);
        var deleted = TestImages.Image(1, 4096, 2, sharedLayers: [shared]);
        var kept = TestImages.Image(1, 4096, 3, sharedLayers: [shared]);
        await client.PushImageAsync("app", "old", deleted);
        await client.PushImageAsync("app", "new", kept);
        using (await client.Http.DeleteAsync($"/v2/app/manifests/{deleted.Digest}", Cancel)) { }
        await PassASecondAsync();

        var report = await CollectAsync(client);
        var unshared = new[] { deleted.Config, deleted.Layers[1] };
        Assert.Equal(unshared.Length, report.GetProperty("blobsRemoved").GetInt32());
        Assert.Equal(unshared.Sum(b => (long)b.Content.Length), report.GetProperty("bytesReclaimed").GetInt64());
        foreach (var blob in unshared) Assert.False(BlobFileExists(blob));
        foreach (var blob in kept.Blobs) Assert.Equal(blob.Content, await client.Http.GetByteArrayAsync($"/v2/app/blobs/{blob.Digest}", Cancel));
        await RegistryCli.AssertVerifiesCleanAsync(Server!.DataDirectory);
    }

    [Fact]
    public async Task Grace_period_protects_blobs_pushed_before_their_manifest()
    {
        var client = await StartAsync();
        var layer = TestImages.Layer(4096, 4);
        await client.PushBlobAsync("app", layer);
        await PassASecondAsync();
        var report = await CollectAsync(client);
        Assert.Equal(0, report.GetProperty("blobsRemoved").GetInt32());
        Assert.True(BlobFileExists(layer));
    }

    [Fact]
    public async Task Dry_run_reports_without_removing()
    {
        var client = await StartAsync("--gc:gracePeriod", "00:00:00");
        var image = TestImages.Image(1, 4096, 5);
        await client.PushImageAsync("app", "v1", image);
        using (await client.Http.DeleteAsync($"/v2/app/manifests/{image.Digest}", Cancel)) { }
        await PassASecondAsync();

        var report = await CollectAsync(client, dryRun: true);
        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(image.Blobs.Count(), report.GetProperty("linksRemoved").GetInt32());
        foreach (var blob in image.Blobs) Assert.True(BlobFileExists(blob));
    }

    [Fact]
    public async Task Untagged_retention_removes_old_untagged_manifests_but_not_tagged_ones_or_index_children()
    {
        var client = await StartAsync("--gc:gracePeriod", "00:00:00", "--gc:untaggedRetention", "00:00:00");
        var tagged = TestImages.Image(1, 1024, 6);
        var untagged = TestImages.Image(1, 1024, 7);
        var index = TestImages.Index([TestImages.Image(1, 1024, 8), TestImages.Image(1, 1024, 9)]);
        await client.PushImageAsync("app", "v1", tagged);
        await client.PushImageAsync("app", untagged.Digest, untagged);
        await client.PushIndexAsync("app", "multi", index);
        await PassASecondAsync();

        var report = await CollectAsync(client);
        Assert.Equal(1, report.GetProperty("manifestsRemoved").GetInt32());
        using (var gone = await client.Http.GetAsync($"/v2/app/manifests/{untagged.Digest}", Cancel)) Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        foreach (var digest in index.Images.Select(i => i.Digest).Append(tagged.Digest).Append(index.Digest))
        {
            using var kept = await client.Http.GetAsync($"/v2/app/manifests/{digest}", Cancel);
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        }
        Assert.False(BlobFileExists(untagged.Layers[0]));
    }

    [Fact]
    public async Task Abandoned_uploads_expire()
    {
        var client = await StartAsync("--gc:uploadExpiry", "00:00:00");
        using var start = await client.Http.PostAsync("/v2/app/blobs/uploads/", null, Cancel);
        var location = start.Headers.Location!.OriginalString;
        using (await client.Http.PatchAsync(location, new ByteArrayContent(new byte[1000]), Cancel)) { }
        await PassASecondAsync();

        var report = await CollectAsync(client);
        Assert.Equal(1, report.GetProperty("uploadsExpired").GetInt32());
        using var status = await client.Http.GetAsync(location, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Empty(Directory.GetFiles(Path.Combine(Server!.DataDirectory, "uploads")));
    }

    [Fact]
    public async Task Cli_collects_on_the_data_directory_of_a_stopped_server()
    {
        var client = await StartAsync();
        var image = TestImages.Image(1, 4096, 10);
        await client.PushImageAsync("app", "v1", image);
        using (await client.Http.DeleteAsync($"/v2/app/manifests/{image.Digest}", Cancel)) { }
        await Server!.StopAsync();
        await PassASecondAsync();

        var result = await RegistryCli.RunAsync(Server.DataDirectory, "gc", "--gc:gracePeriod", "00:00:00");
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains($"{image.Blobs.Count()} blobs", result.StandardOutput);
        Assert.Contains("blobs:", result.StandardError);
        foreach (var blob in image.Blobs) Assert.False(BlobFileExists(blob));
    }
}
