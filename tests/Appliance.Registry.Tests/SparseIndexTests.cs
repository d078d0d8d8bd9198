using System.Net;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

/// <summary>
/// oc-mirror v2 filters platforms by pushing a release's multi-arch index intact with only the chosen platforms' manifests:
/// a sparse index. By default it is accepted; <c>registry.indexes.platforms</c> can require all children or some platforms'.
/// </summary>
public sealed class SparseIndexTests : RegistryTest
{
    private readonly TestImage _amd64 = TestImages.Image(1, 2048, seed: 31);
    private readonly TestImage _arm64 = TestImages.Image(1, 2048, seed: 32, architecture: "arm64");
    private readonly TestImage _ppc64le = TestImages.Image(1, 2048, seed: 33, architecture: "ppc64le");
    private TestIndex Index => TestImages.Index([_amd64, _arm64, _ppc64le]);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task An_index_is_stored_with_some_or_none_of_its_children_and_they_belong_to_it_when_pushed_later(int present)
    {
        var children = new[] { _amd64, _arm64, _ppc64le };
        foreach (var child in children.Take(present)) await Registry.PushImageAsync("ocp4/release", child.Digest, child);

        using (var put = await Registry.PutManifestAsync("ocp4/release", "4.16.3-multi", Index.Manifest))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }
        Assert.Equal(Index.Manifest.Content, await Http.GetByteArrayAsync("/v2/ocp4/release/manifests/4.16.3-multi", Cancel));
        foreach (var child in children.Take(present)) Assert.Equal(HttpStatusCode.OK, await StatusAsync(child.Digest));
        foreach (var child in children.Skip(present))
        {
            using var absent = await Http.GetAsync($"/v2/ocp4/release/manifests/{child.Digest}", Cancel);
            await OciErrorAssert.HasErrorAsync(absent, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        }

        foreach (var child in children.Skip(present)) await Registry.PushImageAsync("ocp4/release", child.Digest, child);
        foreach (var child in children) Assert.Equal(child.Manifest.Content, await Http.GetByteArrayAsync($"/v2/ocp4/release/manifests/{child.Digest}", Cancel));
    }

    [Fact]
    public async Task Image_manifests_still_need_every_blob()
    {
        await Registry.PushBlobAsync("ocp4/release", _amd64.Config);
        using var put = await Registry.PutManifestAsync("ocp4/release", _amd64.Digest, _amd64.Manifest);
        await OciErrorAssert.HasErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
    }

    [Fact]
    public async Task A_bad_platforms_setting_stops_the_start_with_its_name()
    {
        var error = await Assert.ThrowsAsync<FormatException>(() => RegistryServer.StartAsync("--registry:indexes:platforms", "amd64"));
        Assert.Contains("registry.indexes.platforms", error.Message);
        Assert.Contains("'amd64'", error.Message);
    }

    private async Task<HttpStatusCode> StatusAsync(string digest)
    {
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/ocp4/release/manifests/{digest}"), Cancel);
        return head.StatusCode;
    }
}

/// <summary><c>registry.indexes.platforms: all</c>: every child must be in the repository first, as before sparse indexes.</summary>
public sealed class AllIndexChildrenRequiredTests : RegistryTest
{
    protected override string[] ServerArgs => ["--registry:indexes:platforms", "all"];

    [Fact]
    public async Task An_index_with_a_missing_child_is_manifest_blob_unknown_and_nothing_is_stored()
    {
        var images = new[] { TestImages.Image(1, 2048, seed: 41), TestImages.Image(1, 2048, seed: 42, architecture: "arm64") };
        var index = TestImages.Index(images);
        await Registry.PushImageAsync("app", images[0].Digest, images[0]);

        using (var put = await Registry.PutManifestAsync("app", "multi", index.Manifest))
        {
            var error = await OciErrorAssert.HasErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
            Assert.Contains(images[1].Digest, error.GetProperty("detail").ToString());
            Assert.DoesNotContain(images[0].Digest, error.GetProperty("detail").ToString());
        }
        using (var get = await Http.GetAsync("/v2/app/manifests/multi", Cancel)) Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);

        await Registry.PushImageAsync("app", images[1].Digest, images[1]);
        using var again = await Registry.PutManifestAsync("app", "multi", index.Manifest);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }
}

/// <summary><c>registry.indexes.platforms: [linux/amd64]</c>: the amd64 child must be present; the others may be absent.</summary>
public sealed class PlatformIndexChildrenRequiredTests : RegistryTest
{
    protected override string[] ServerArgs => ["--registry:indexes:platforms:0", "linux/amd64"];

    [Fact]
    public async Task Only_the_listed_platforms_children_are_required()
    {
        var amd64 = TestImages.Image(1, 2048, seed: 51);
        var arm64 = TestImages.Image(1, 2048, seed: 52, architecture: "arm64");
        var index = TestImages.Index([amd64, arm64]);

        await Registry.PushImageAsync("app", arm64.Digest, arm64);
        using (var put = await Registry.PutManifestAsync("app", "multi", index.Manifest))
        {
            var error = await OciErrorAssert.HasErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
            Assert.Contains(amd64.Digest, error.GetProperty("detail").ToString());
        }

        await Registry.PushImageAsync("app", amd64.Digest, amd64);
        var withoutArm = TestImages.Index([amd64, TestImages.Image(1, 2048, seed: 53, architecture: "arm64")]);
        using var sparse = await Registry.PutManifestAsync("app", "sparse", withoutArm.Manifest);
        Assert.Equal(HttpStatusCode.Created, sparse.StatusCode);
    }
}
