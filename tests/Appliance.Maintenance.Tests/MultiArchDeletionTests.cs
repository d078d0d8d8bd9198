using System.Net;
using Appliance.Testing;

namespace Appliance.Maintenance.Tests;

/// <summary>Deleting a multi-arch image gives its space back: its platform manifests and their referrers go with it.</summary>
public sealed class MultiArchDeletionTests : GarbageCollectionTest
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Deleting_a_multi_arch_image_with_skopeo_reclaims_exactly_its_unique_blobs(bool docker, bool byTag)
    {
        var client = await StartAsync("--gc:gracePeriod", "00:00:00");
        var shared = TestImages.Layer(8192, 500, docker);
        var kept = TestImages.Image(1, 4096, 501, docker, sharedLayers: [shared]);
        var byDigestOnly = TestImages.Image(1, 4096, 502, docker);
        var platforms = new[] { TestImages.Image(1, 4096, 503, docker, "amd64", [shared]), TestImages.Image(2, 2048, 504, docker, "arm64") };
        var index = TestImages.Index(platforms, docker);
        var signature = TestImages.Artifact("application/vnd.example.signature", index.Manifest, "signed");
        await client.PushImageAsync("ocp/app", "kept", kept);
        await client.PushImageAsync("ocp/app", byDigestOnly.Digest, byDigestOnly);
        await client.PushIndexAsync("ocp/app", "v1", index);
        await client.PushImageAsync("ocp/app", signature.Digest, signature);

        var reference = byTag ? $"{Server!.Authority}/ocp/app:v1" : $"{Server!.Authority}/ocp/app@{index.Digest}";
        (await ProcessRunner.RunAsync("skopeo", ["delete", "--tls-verify=false", $"docker://{reference}"])).EnsureSuccess("skopeo delete");
        await PassASecondAsync();

        var report = await CollectAsync(client);
        var keptBlobs = kept.Blobs.Concat(byDigestOnly.Blobs).Select(b => b.Digest).ToHashSet();
        var unique = platforms.SelectMany(p => p.Blobs).Concat(signature.Blobs).DistinctBy(b => b.Digest)
            .Where(b => !keptBlobs.Contains(b.Digest)).ToList();
        Assert.Equal(platforms.Length + 1, report.GetProperty("manifestsRemoved").GetInt32());
        Assert.Equal(unique.Count, report.GetProperty("blobsRemoved").GetInt32());
        Assert.Equal(unique.Sum(b => (long)b.Content.Length), report.GetProperty("bytesReclaimed").GetInt64());
        foreach (var blob in unique) Assert.False(BlobFileExists(blob), $"{blob.Digest} is still on disk");
        foreach (var digest in platforms.Select(p => p.Digest).Append(signature.Digest))
        {
            Assert.Equal(HttpStatusCode.NotFound, await ManifestStatusAsync(client, "ocp/app", digest));
        }
        foreach (var image in new[] { kept, byDigestOnly })
        {
            Assert.Equal(HttpStatusCode.OK, await ManifestStatusAsync(client, "ocp/app", image.Digest));
            foreach (var blob in image.Blobs) Assert.Equal(blob.Content, await client.Http.GetByteArrayAsync($"/v2/ocp/app/blobs/{blob.Digest}", Cancel));
        }
        await RegistryCli.AssertVerifiesCleanAsync(Server.DataDirectory);
    }

    [Fact]
    public async Task A_platform_image_listed_by_another_index_survives()
    {
        var client = await StartAsync("--gc:gracePeriod", "00:00:00");
        var onlyInFirst = TestImages.Image(1, 4096, 510);
        var inBoth = TestImages.Image(1, 4096, 511, architecture: "arm64");
        var onlyInSecond = TestImages.Image(1, 4096, 512);
        var first = TestImages.Index([onlyInFirst, inBoth]);
        var second = TestImages.Index([onlyInSecond, inBoth]);
        await client.PushIndexAsync("release", "4.16", first);
        await client.PushIndexAsync("release", "4.17", second);
        using (var deleted = await client.Http.DeleteAsync($"/v2/release/manifests/{first.Digest}", Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        }
        await PassASecondAsync();

        var report = await CollectAsync(client);
        Assert.Equal(1, report.GetProperty("manifestsRemoved").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, await ManifestStatusAsync(client, "release", onlyInFirst.Digest));
        foreach (var image in new[] { inBoth, onlyInSecond })
        {
            Assert.Equal(HttpStatusCode.OK, await ManifestStatusAsync(client, "release", image.Digest));
            foreach (var blob in image.Blobs) Assert.True(BlobFileExists(blob));
        }
        Assert.Equal(HttpStatusCode.OK, await ManifestStatusAsync(client, "release", second.Digest));
        await RegistryCli.AssertVerifiesCleanAsync(Server!.DataDirectory);
    }

    [Fact]
    public async Task A_former_platform_image_that_is_tagged_survives()
    {
        var client = await StartAsync("--gc:gracePeriod", "00:00:00");
        var tagged = TestImages.Image(1, 4096, 520);
        var index = TestImages.Index([tagged, TestImages.Image(1, 4096, 521, architecture: "arm64")]);
        await client.PushIndexAsync("app", "multi", index);
        using (await client.PutManifestAsync("app", "amd64-only", tagged.Manifest)) { }
        using (await client.Http.DeleteAsync($"/v2/app/manifests/{index.Digest}", Cancel)) { }
        await PassASecondAsync();

        var report = await CollectAsync(client);
        Assert.Equal(1, report.GetProperty("manifestsRemoved").GetInt32());
        Assert.Equal(HttpStatusCode.OK, await ManifestStatusAsync(client, "app", tagged.Digest));
        foreach (var blob in tagged.Blobs) Assert.True(BlobFileExists(blob));
    }

    [Fact]
    public async Task Grace_period_keeps_the_platform_images_of_a_deleted_index_for_a_while()
    {
        var client = await StartAsync();
        var index = TestImages.Index([TestImages.Image(1, 4096, 530), TestImages.Image(1, 4096, 531, architecture: "arm64")]);
        await client.PushIndexAsync("app", "multi", index);
        using (await client.Http.DeleteAsync($"/v2/app/manifests/{index.Digest}", Cancel)) { }
        await PassASecondAsync();

        var report = await CollectAsync(client);
        Assert.Equal(0, report.GetProperty("manifestsRemoved").GetInt32());
        foreach (var image in index.Images) Assert.Equal(HttpStatusCode.OK, await ManifestStatusAsync(client, "app", image.Digest));
    }

    [Fact]
    public async Task A_child_pushed_after_its_sparse_index_is_kept_with_it_and_goes_with_it()
    {
        var client = await StartAsync("--gc:gracePeriod", "00:00:00");
        var present = TestImages.Image(1, 4096, 540);
        var later = TestImages.Image(1, 4096, 541, architecture: "arm64");
        var never = TestImages.Image(1, 4096, 542, architecture: "ppc64le");
        var index = TestImages.Index([present, later, never]);
        await client.PushImageAsync("ocp4/release", present.Digest, present);
        using (var put = await client.PutManifestAsync("ocp4/release", "4.16-multi", index.Manifest))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }
        await client.PushImageAsync("ocp4/release", later.Digest, later);
        await PassASecondAsync();

        // The absent platform is "not mirrored", not damage: nothing is collected and verify is clean.
        var kept = await CollectAsync(client);
        Assert.Equal(0, kept.GetProperty("manifestsRemoved").GetInt32());
        foreach (var image in new[] { present, later }) Assert.Equal(HttpStatusCode.OK, await ManifestStatusAsync(client, "ocp4/release", image.Digest));
        await RegistryCli.AssertVerifiesCleanAsync(Server!.DataDirectory);

        using (var deleted = await client.Http.DeleteAsync($"/v2/ocp4/release/manifests/{index.Digest}", Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        }
        await PassASecondAsync();
        var report = await CollectAsync(client);
        Assert.Equal(2, report.GetProperty("manifestsRemoved").GetInt32());
        foreach (var image in new[] { present, later })
        {
            Assert.Equal(HttpStatusCode.NotFound, await ManifestStatusAsync(client, "ocp4/release", image.Digest));
            foreach (var blob in image.Blobs) Assert.False(BlobFileExists(blob), $"{blob.Digest} is still on disk");
        }
        await RegistryCli.AssertVerifiesCleanAsync(Server.DataDirectory);
    }
}
