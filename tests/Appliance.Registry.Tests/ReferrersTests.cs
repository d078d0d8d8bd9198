using System.Net;
using System.Text.Json;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

public sealed class ReferrersTests : RegistryTest
{
    private readonly TestImage _image = TestImages.Image(1, 256, 11);

    [Fact]
    public async Task No_referrers_is_an_empty_index_not_404()
    {
        using var response = await Http.GetAsync($"/v2/app/referrers/{_image.Digest}", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestImages.OciIndex, response.Content.Headers.ContentType!.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(2, body.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(0, body.RootElement.GetProperty("manifests").GetArrayLength());
    }

    [Fact]
    public async Task Artifacts_are_listed_with_type_and_annotations_and_can_be_filtered()
    {
        await Registry.PushImageAsync("app", "v1", _image);
        var sbom = TestImages.Artifact("application/vnd.example.sbom", _image.Manifest, "sbom");
        var signature = TestImages.Artifact("application/vnd.example.signature", _image.Manifest, "sig");
        await Registry.PushImageAsync("app", sbom.Digest, sbom);
        await Registry.PushImageAsync("app", signature.Digest, signature);

        var all = await ReferrersAsync($"/v2/app/referrers/{_image.Digest}");
        Assert.Equal(2, all.Count);
        var sbomEntry = all.Single(e => e.GetProperty("digest").GetString() == sbom.Digest);
        Assert.Equal("application/vnd.example.sbom", sbomEntry.GetProperty("artifactType").GetString());
        Assert.Equal(sbom.Manifest.Content.Length, sbomEntry.GetProperty("size").GetInt64());
        Assert.Equal("sbom", sbomEntry.GetProperty("annotations").GetProperty("org.example.payload").GetString());

        using var filtered = await Http.GetAsync($"/v2/app/referrers/{_image.Digest}?artifactType=application/vnd.example.signature", Cancel);
        Assert.Equal("artifactType", filtered.Headers.GetValues("OCI-Filters-Applied").Single());
        using var body = JsonDocument.Parse(await filtered.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(signature.Digest, body.RootElement.GetProperty("manifests").EnumerateArray().Single().GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Deleted_referrers_disappear()
    {
        await Registry.PushImageAsync("app", "v1", _image);
        var sbom = TestImages.Artifact("application/vnd.example.sbom", _image.Manifest, "sbom");
        await Registry.PushImageAsync("app", sbom.Digest, sbom);
        using (await Http.DeleteAsync($"/v2/app/manifests/{sbom.Digest}", Cancel)) { }
        Assert.Empty(await ReferrersAsync($"/v2/app/referrers/{_image.Digest}"));
    }

    [Fact]
    public async Task Invalid_subject_digest_is_digest_invalid()
    {
        using var response = await Http.GetAsync("/v2/app/referrers/sha256:nope", Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    private async Task<List<JsonElement>> ReferrersAsync(string path)
    {
        using var body = JsonDocument.Parse(await Http.GetStringAsync(path, Cancel));
        return body.RootElement.GetProperty("manifests").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
