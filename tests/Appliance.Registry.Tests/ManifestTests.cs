using System.Net;
using System.Text;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

public sealed class ManifestTests : RegistryTest
{
    private readonly TestImage _image = TestImages.Image(2, 4096, seed: 7);

    [Fact]
    public async Task Put_by_tag_stores_the_exact_bytes_and_media_type()
    {
        await PushBlobsAsync("app", _image);
        using var put = await Registry.PutManifestAsync("app", "v1", _image.Manifest);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(_image.Digest, put.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal($"/v2/app/manifests/{_image.Digest}", put.Headers.Location!.OriginalString);

        foreach (var reference in new[] { "v1", _image.Digest })
        {
            using var get = await Http.GetAsync($"/v2/app/manifests/{reference}", Cancel);
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(_image.Manifest.Content, await get.Content.ReadAsByteArrayAsync(Cancel));
            Assert.Equal(TestImages.OciManifest, get.Content.Headers.ContentType!.MediaType);
            Assert.Equal(_image.Digest, get.Headers.GetValues("Docker-Content-Digest").Single());
        }
    }

    [Fact]
    public async Task Head_returns_headers_without_a_body()
    {
        await Registry.PushImageAsync("app", "v1", _image);
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v2/app/manifests/v1"), Cancel);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(_image.Manifest.Content.Length, head.Content.Headers.ContentLength);
        Assert.Equal(_image.Digest, head.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task Docker_schema2_manifests_and_lists_keep_their_media_types()
    {
        var images = new[] { TestImages.Image(1, 1024, 1, docker: true), TestImages.Image(1, 1024, 2, docker: true) };
        var list = TestImages.Index(images, docker: true);
        await Registry.PushIndexAsync("docker/list", "multi", list);
        using var get = await Http.GetAsync("/v2/docker/list/manifests/multi", Cancel);
        Assert.Equal(TestImages.DockerManifestList, get.Content.Headers.ContentType!.MediaType);
        Assert.Equal(list.Manifest.Content, await get.Content.ReadAsByteArrayAsync(Cancel));
        using var child = await Http.GetAsync($"/v2/docker/list/manifests/{images[0].Digest}", Cancel);
        Assert.Equal(TestImages.DockerManifest, child.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Push_by_digest_without_a_tag_is_pullable_by_digest_and_lists_no_tags()
    {
        await Registry.PushImageAsync("ocp/release", _image.Digest, _image);
        using var get = await Http.GetAsync($"/v2/ocp/release/manifests/{_image.Digest}", Cancel);
        Assert.Equal(_image.Manifest.Content, await get.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Contains("\"tags\":[]", await Http.GetStringAsync("/v2/ocp/release/tags/list", Cancel));
    }

    [Fact]
    public async Task Put_by_digest_that_does_not_match_the_content_is_digest_invalid()
    {
        await PushBlobsAsync("app", _image);
        var other = TestImages.Image(1, 10, 99);
        using var put = await Registry.PutManifestAsync("app", other.Digest, _image.Manifest);
        await OciErrorAssert.HasErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task Manifest_referencing_a_missing_blob_is_manifest_blob_unknown()
    {
        await Registry.PushBlobAsync("app", _image.Config);
        using var put = await Registry.PutManifestAsync("app", "v1", _image.Manifest);
        var error = await OciErrorAssert.HasErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        Assert.Contains(_image.Layers[0].Digest, error.GetProperty("detail").ToString());
        using var get = await Http.GetAsync("/v2/app/manifests/v1", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Blobs_in_another_repository_do_not_satisfy_a_manifest()
    {
        await PushBlobsAsync("elsewhere", _image);
        using var put = await Registry.PutManifestAsync("app", "v1", _image.Manifest);
        await OciErrorAssert.HasErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
    }

    [Theory]
    [InlineData("{not json", TestImages.OciManifest)]
    [InlineData("""{"schemaVersion":1,"name":"x","tag":"y","architecture":"amd64","fsLayers":[],"history":[]}""", "application/vnd.docker.distribution.manifest.v1+prettyjws")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/x-unknown"}""", "application/x-unknown")]
    public async Task Invalid_schema1_and_unknown_manifests_are_manifest_invalid(string body, string mediaType)
    {
        using var put = await Registry.PutManifestAsync("app", "v1", Encoding.UTF8.GetBytes(body), mediaType);
        await OciErrorAssert.HasErrorAsync(put, HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Fact]
    public async Task Manifest_over_4_MiB_is_413()
    {
        var huge = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"annotations":{"pad":" """ + new string('x', 4 * 1024 * 1024) + "\"}}");
        using var put = await Registry.PutManifestAsync("app", "big", huge, TestImages.OciManifest);
        await OciErrorAssert.HasErrorAsync(put, HttpStatusCode.RequestEntityTooLarge, "MANIFEST_INVALID");
    }

    [Fact]
    public async Task Foreign_layers_with_urls_need_not_be_pushed()
    {
        await Registry.PushBlobAsync("win", _image.Config);
        var manifest = new TestBlob(Encoding.UTF8.GetBytes($$"""
            {"schemaVersion":2,"mediaType":"{{TestImages.DockerManifest}}","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"{{_image.Config.Digest}}","size":{{_image.Config.Content.Length}}},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip","digest":"sha256:{{new string('a', 64)}}","size":1000,"urls":["https://mcr.microsoft.com/layer"]}]}
            """), TestImages.DockerManifest);
        using var put = await Registry.PutManifestAsync("win", "ltsc", manifest);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    [Fact]
    public async Task Artifact_with_a_subject_answers_oci_subject()
    {
        await Registry.PushImageAsync("app", "v1", _image);
        var artifact = TestImages.Artifact("application/vnd.example.sbom", _image.Manifest, "sbom");
        foreach (var blob in artifact.Blobs) await Registry.PushBlobAsync("app", blob);
        using var put = await Registry.PutManifestAsync("app", artifact.Digest, artifact.Manifest);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(_image.Digest, put.Headers.GetValues("OCI-Subject").Single());
    }

    [Fact]
    public async Task Moving_a_tag_points_it_at_the_new_manifest()
    {
        var second = TestImages.Image(1, 100, seed: 8);
        await Registry.PushImageAsync("app", "latest", _image);
        await Registry.PushImageAsync("app", "latest", second);
        using var get = await Http.GetAsync("/v2/app/manifests/latest", Cancel);
        Assert.Equal(second.Digest, get.Headers.GetValues("Docker-Content-Digest").Single());
        using var old = await Http.GetAsync($"/v2/app/manifests/{_image.Digest}", Cancel);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
    }

    [Fact]
    public async Task Delete_by_digest_removes_the_manifest_and_its_tags()
    {
        await Registry.PushImageAsync("app", "v1", _image);
        using var delete = await Http.DeleteAsync($"/v2/app/manifests/{_image.Digest}", Cancel);
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        using var byTag = await Http.GetAsync("/v2/app/manifests/v1", Cancel);
        await OciErrorAssert.HasErrorAsync(byTag, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var byDigest = await Http.GetAsync($"/v2/app/manifests/{_image.Digest}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, byDigest.StatusCode);
        Assert.Contains("\"tags\":[]", await Http.GetStringAsync("/v2/app/tags/list", Cancel));
    }

    [Fact]
    public async Task Delete_by_tag_removes_only_the_tag()
    {
        await Registry.PushImageAsync("app", "v1", _image);
        using var delete = await Http.DeleteAsync("/v2/app/manifests/v1", Cancel);
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        using var byTag = await Http.GetAsync("/v2/app/manifests/v1", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, byTag.StatusCode);
        using var byDigest = await Http.GetAsync($"/v2/app/manifests/{_image.Digest}", Cancel);
        Assert.Equal(HttpStatusCode.OK, byDigest.StatusCode);
    }

    [Fact]
    public async Task Deleting_an_unknown_manifest_is_manifest_unknown()
    {
        using var delete = await Http.DeleteAsync($"/v2/app/manifests/{_image.Digest}", Cancel);
        await OciErrorAssert.HasErrorAsync(delete, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Theory]
    [InlineData(".INVALID_MANIFEST_NAME")]
    [InlineData("-leading-dash")]
    [InlineData("sha256:zzz")]
    public async Task Reading_an_invalid_reference_is_manifest_unknown(string reference)
    {
        // What the OCI conformance suite checks: the registry has no manifest by that name.
        await Registry.PushImageAsync("app", "v1", _image);
        using var get = await Http.GetAsync($"/v2/app/manifests/{reference}", Cancel);
        await OciErrorAssert.HasErrorAsync(get, HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/app/manifests/{reference}"), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Theory]
    [InlineData(".INVALID_MANIFEST_NAME", "TAG_INVALID")]
    [InlineData("-leading-dash", "TAG_INVALID")]
    [InlineData("sha256:zzz", "DIGEST_INVALID")]
    public async Task Pushing_to_an_invalid_reference_is_rejected(string reference, string code)
    {
        await PushBlobsAsync("app", _image);
        using var put = await Registry.PutManifestAsync("app", reference, _image.Manifest);
        await OciErrorAssert.HasErrorAsync(put, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Manifests_survive_a_restart()
    {
        await Registry.PushImageAsync("app", "v1", _image);
        await Server.RestartAsync();
        using var get = await Http.GetAsync("/v2/app/manifests/v1", Cancel);
        Assert.Equal(_image.Manifest.Content, await get.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(_image.Layers[1].Content, await Http.GetByteArrayAsync($"/v2/app/blobs/{_image.Layers[1].Digest}", Cancel));
    }

    private async Task PushBlobsAsync(string repository, TestImage image)
    {
        foreach (var blob in image.Blobs) await Registry.PushBlobAsync(repository, blob);
    }
}

public sealed class DeletesDisabledTests : RegistryTest
{
    protected override string[] ServerArgs => ["--registry:deleteEnabled", "false"];

    [Fact]
    public async Task Deletes_answer_405_unsupported_and_keep_the_content()
    {
        var image = TestImages.Image(1, 100, 3);
        await Registry.PushImageAsync("app", "v1", image);
        using var manifest = await Http.DeleteAsync($"/v2/app/manifests/{image.Digest}", Cancel);
        await OciErrorAssert.HasErrorAsync(manifest, HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        using var blob = await Http.DeleteAsync($"/v2/app/blobs/{image.Layers[0].Digest}", Cancel);
        await OciErrorAssert.HasErrorAsync(blob, HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        using var get = await Http.GetAsync("/v2/app/manifests/v1", Cancel);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }
}
