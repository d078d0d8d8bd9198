using System.Net;
using System.Text.Json;
using Appliance.Testing;

namespace Appliance.Clients.Tests;

public sealed class SkopeoTests : ClientTest
{
    [Fact]
    public async Task Copy_all_of_an_oci_index_into_a_five_component_repository_and_back_is_byte_identical()
    {
        var index = TestImages.Index(Enumerable.Range(0, 4).Select(i => TestImages.Image(2, 32 * 1024, 40 + i)).ToList());
        await SkopeoAsync("copy", "--all", "--dest-tls-verify=false", $"oci:{Layout(index)}:v1", $"docker://{Host}/a/b/c/d/e:v1");
        Assert.Equal(Text(index.Manifest), await RawAsync("a/b/c/d/e:v1"));

        var output = Work.Combine("out");
        await SkopeoAsync("copy", "--all", "--src-tls-verify=false", $"docker://{Host}/a/b/c/d/e:v1", $"oci:{output}:v1");
        using var outIndex = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "index.json"), Cancel));
        Assert.Equal(index.Digest, outIndex.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString());
        foreach (var blob in index.Images.SelectMany(i => i.Blobs.Append(i.Manifest)).Append(index.Manifest))
        {
            Assert.Equal(blob.Content, await File.ReadAllBytesAsync(Path.Combine(output, "blobs", "sha256", blob.Digest[7..]), Cancel));
        }
    }

    [Fact]
    public async Task Copy_all_of_a_docker_manifest_list_between_repositories_keeps_it_a_list()
    {
        var list = TestImages.Index([TestImages.Image(1, 8192, 50, docker: true), TestImages.Image(1, 8192, 51, docker: true)], docker: true);
        await Registry.PushIndexAsync("src/list", "v1", list);
        await SkopeoAsync("copy", "--all", "--src-tls-verify=false", "--dest-tls-verify=false", $"docker://{Host}/src/list:v1", $"docker://{Host}/dst/list:v1");
        var raw = await RawAsync("dst/list:v1");
        Assert.Equal(Text(list.Manifest), raw);
        Assert.Contains(TestImages.DockerManifestList, raw);
    }

    [Fact]
    public async Task Push_by_digest_creates_no_tag_and_pulls_by_digest()
    {
        var image = TestImages.Image(1, 4096, 52);
        await SkopeoAsync("copy", "--dest-tls-verify=false", $"oci:{Layout(image)}:v1", $"docker://{Host}/ocp/release@{image.Digest}");
        Assert.Contains("\"tags\":[]", await Registry.Http.GetStringAsync("/v2/ocp/release/tags/list", Cancel));
        await SkopeoAsync("copy", "--src-tls-verify=false", $"docker://{Host}/ocp/release@{image.Digest}", $"oci:{Work.Combine("pulled")}:v1");
        Assert.Equal(Text(image.Manifest), await RawAsync($"ocp/release@{image.Digest}"));
    }

    [Fact]
    public async Task List_tags_shows_every_pushed_tag()
    {
        var layout = Layout(TestImages.Image(1, 1024, 53));
        foreach (var tag in new[] { "v1", "v2", "latest" })
        {
            await SkopeoAsync("copy", "--dest-tls-verify=false", $"oci:{layout}:v1", $"docker://{Host}/team/app:{tag}");
        }
        using var tags = JsonDocument.Parse((await SkopeoAsync("list-tags", "--tls-verify=false", $"docker://{Host}/team/app")).StandardOutput);
        Assert.Equal(["latest", "v1", "v2"], tags.RootElement.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()).Order());
    }

    [Fact]
    public async Task Delete_removes_the_manifest()
    {
        var image = TestImages.Image(1, 1024, 54);
        await SkopeoAsync("copy", "--dest-tls-verify=false", $"oci:{Layout(image)}:v1", $"docker://{Host}/team/app:v1");
        await SkopeoAsync("delete", "--tls-verify=false", $"docker://{Host}/team/app:v1");
        var inspect = await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{Host}/team/app:v1"]);
        Assert.NotEqual(0, inspect.ExitCode);
        using var byDigest = await Registry.Http.GetAsync($"/v2/team/app/manifests/{image.Digest}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, byDigest.StatusCode);
    }

    [Fact]
    public async Task Sync_copies_every_tag_of_a_repository()
    {
        var images = new[] { TestImages.Image(1, 2048, 55), TestImages.Image(1, 2048, 56) };
        await Registry.PushImageAsync("upstream/app", "v1", images[0]);
        await Registry.PushImageAsync("upstream/app", "v2", images[1]);
        await SkopeoAsync("sync", "--all", "--src", "docker", "--dest", "docker", "--src-tls-verify=false", "--dest-tls-verify=false",
            $"{Host}/upstream/app", $"{Host}/mirror");
        Assert.Equal(Text(images[0].Manifest), await RawAsync("mirror/app:v1"));
        Assert.Equal(Text(images[1].Manifest), await RawAsync("mirror/app:v2"));
    }

    [Fact]
    public async Task Inspect_reports_architecture_and_layers()
    {
        var image = TestImages.Image(3, 1024, 57, architecture: "arm64");
        await SkopeoAsync("copy", "--dest-tls-verify=false", $"oci:{Layout(image)}:v1", $"docker://{Host}/team/arm:v1");
        using var inspect = JsonDocument.Parse((await SkopeoAsync("inspect", "--tls-verify=false", $"docker://{Host}/team/arm:v1")).StandardOutput);
        Assert.Equal("arm64", inspect.RootElement.GetProperty("Architecture").GetString());
        Assert.Equal(image.Layers.Select(l => l.Digest), inspect.RootElement.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task Artifact_attached_to_a_copied_image_is_found_through_the_referrers_api()
    {
        var image = TestImages.Image(1, 4096, 58);
        await SkopeoAsync("copy", "--dest-tls-verify=false", $"oci:{Layout(image)}:v1", $"docker://{Host}/signed/app:v1");
        var sbom = TestImages.Artifact("application/vnd.example.sbom", image.Manifest, "sbom");
        await Registry.PushImageAsync("signed/app", sbom.Digest, sbom);

        using var referrers = JsonDocument.Parse(await Registry.Http.GetStringAsync($"/v2/signed/app/referrers/{image.Digest}", Cancel));
        var entry = referrers.RootElement.GetProperty("manifests").EnumerateArray().Single();
        Assert.Equal(sbom.Digest, entry.GetProperty("digest").GetString());
        Assert.Equal("application/vnd.example.sbom", entry.GetProperty("artifactType").GetString());

        await SkopeoAsync("copy", "--all", "--src-tls-verify=false", $"docker://{Host}/signed/app:v1", $"oci:{Work.Combine("subject")}:v1");
    }

    [Fact]
    public async Task Sixteen_concurrent_pushers_sharing_layers_all_pull_back_byte_identical()
    {
        var shared = new[] { TestImages.Layer(64 * 1024, 1), TestImages.Layer(32 * 1024, 2) };
        var images = Enumerable.Range(0, 16).Select(i => TestImages.Image(1, 16 * 1024, 60 + i, sharedLayers: shared)).ToArray();
        var layouts = images.Select(image => Layout(image)).ToArray();

        await Task.WhenAll(images.Select((_, i) =>
            SkopeoAsync("copy", "--dest-tls-verify=false", $"oci:{layouts[i]}:v1", $"docker://{Host}/fleet/app{i}:v1")));

        for (var i = 0; i < images.Length; i++)
        {
            Assert.Equal(Text(images[i].Manifest), await RawAsync($"fleet/app{i}:v1"));
            var pulled = Work.Combine($"pulled-{i}");
            await SkopeoAsync("copy", "--src-tls-verify=false", $"docker://{Host}/fleet/app{i}:v1", $"oci:{pulled}:v1");
            foreach (var blob in images[i].Blobs)
            {
                Assert.Equal(blob.Content, await File.ReadAllBytesAsync(Path.Combine(pulled, "blobs", "sha256", blob.Digest[7..]), Cancel));
            }
        }
    }
}
