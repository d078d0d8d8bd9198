using Appliance.Testing;

namespace Appliance.Clients.Tests;

/// <summary>
/// skopeo's platform filters as oc-mirror v2 uses them: the multi-arch index is copied intact while only some platforms'
/// images are, and pulls of the mirrored platforms work through the index.
/// </summary>
public sealed class SkopeoSparseIndexTests : ClientTest
{
    [Fact]
    public async Task System_then_index_only_leaves_a_sparse_index_that_pulls_its_present_platform()
    {
        var images = new[] { TestImages.Image(1, 8192, 60), TestImages.Image(1, 8192, 61, architecture: "arm64"), TestImages.Image(1, 8192, 62, architecture: "ppc64le") };
        var index = TestImages.Index(images);
        var layout = Layout(index);

        // Only this machine's platform (linux/amd64), then the index alone: the index lists two platforms that are not here.
        await SkopeoAsync("copy", "--multi-arch", "system", "--override-arch", "amd64", "--override-os", "linux", "--dest-tls-verify=false",
            $"oci:{layout}:v1", $"docker://{Host}/ocp4/sparse@{images[0].Digest}");
        await SkopeoAsync("copy", "--multi-arch", "index-only", "--dest-tls-verify=false", $"oci:{layout}:v1", $"docker://{Host}/ocp4/sparse:v1");
        Assert.Equal(Text(index.Manifest), await RawAsync("ocp4/sparse:v1"));
        Assert.Equal(Text(images[0].Manifest), await RawAsync($"ocp4/sparse@{images[0].Digest}"));

        var pulled = Work.Combine("pulled");
        await SkopeoAsync("copy", "--override-arch", "amd64", "--override-os", "linux", "--src-tls-verify=false",
            $"docker://{Host}/ocp4/sparse:v1", $"oci:{pulled}:v1");
        Assert.True(File.Exists(Path.Combine(pulled, "blobs", "sha256", images[0].Layers[0].Digest[7..])));

        var arm = await ProcessRunner.RunAsync("skopeo", ["copy", "--override-arch", "arm64", "--override-os", "linux", "--src-tls-verify=false",
            $"docker://{Host}/ocp4/sparse:v1", $"oci:{Work.Combine("arm")}:v1"]);
        Assert.NotEqual(0, arm.ExitCode);
        Assert.Contains("manifest unknown", arm.All, StringComparison.OrdinalIgnoreCase);

        // The rest of the platforms later, as a fuller mirror run would: the same index is then complete.
        await SkopeoAsync("copy", "--all", "--dest-tls-verify=false", $"oci:{layout}:v1", $"docker://{Host}/ocp4/sparse:v1");
        var all = Work.Combine("all");
        await SkopeoAsync("copy", "--all", "--src-tls-verify=false", $"docker://{Host}/ocp4/sparse:v1", $"oci:{all}:v1");
        foreach (var image in images) Assert.Equal(Text(image.Manifest), await RawAsync($"ocp4/sparse@{image.Digest}"));
    }
}
