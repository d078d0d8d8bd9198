using System.Text.Json;
using Appliance.Testing;

namespace Appliance.ScaleOut.Tests;

/// <summary>skopeo against the cluster through the balancer, verifying TLS with the registry CA and logging in as the init user.</summary>
public sealed class Skopeo(ReplicaCluster cluster, TestDirectory work)
{
    public async Task<ProcessResult> PushAsync(TestIndex index, string reference, params string[] options)
    {
        var layout = work.Combine($"layout-{Guid.NewGuid():N}");
        OciLayout.Write(layout, "v1", index);
        return await RunAsync(["copy", "--all", .. options, "--dest-cert-dir", cluster.CertificateDirectory, "--dest-creds", Credentials, $"oci:{layout}:v1", $"docker://{cluster.Host}/{reference}"]);
    }

    public async Task<ProcessResult> PushAsync(TestImage image, string reference, params string[] options)
    {
        var layout = work.Combine($"layout-{Guid.NewGuid():N}");
        OciLayout.Write(layout, "v1", image);
        return await RunAsync(["copy", .. options, "--dest-cert-dir", cluster.CertificateDirectory, "--dest-creds", Credentials, $"oci:{layout}:v1", $"docker://{cluster.Host}/{reference}"]);
    }

    /// <summary>Pulls <paramref name="reference"/> (every platform) into a fresh OCI layout and asserts each blob and manifest is byte-identical.</summary>
    public async Task AssertPullsBackAsync(string reference, string topDigest, IEnumerable<TestBlob> blobs)
    {
        var output = work.Combine($"pulled-{Guid.NewGuid():N}");
        (await RunAsync(["copy", "--all", "--src-cert-dir", cluster.CertificateDirectory, "--src-creds", Credentials, $"docker://{cluster.Host}/{reference}", $"oci:{output}:v1"]))
            .EnsureSuccess($"pull {reference}");
        using var index = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "index.json")));
        Assert.Equal(topDigest, index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString());
        foreach (var blob in blobs) Assert.Equal(blob.Content, await File.ReadAllBytesAsync(Path.Combine(output, "blobs", "sha256", blob.Digest[7..])));
    }

    public Task AssertPullsBackAsync(string reference, TestImage image) => AssertPullsBackAsync(reference, image.Digest, image.Blobs.Append(image.Manifest));

    public Task AssertPullsBackAsync(string reference, TestIndex index) =>
        AssertPullsBackAsync(reference, index.Digest, index.Images.SelectMany(i => i.Blobs.Append(i.Manifest)).Append(index.Manifest));

    private static string Credentials => $"{ReplicaCluster.User}:{ReplicaCluster.Password}";

    private static Task<ProcessResult> RunAsync(string[] arguments)
    {
        Assert.True(ProcessRunner.IsInstalled("skopeo"), "skopeo is not installed; ./build.sh test installs it when run as root");
        return ProcessRunner.RunAsync("skopeo", arguments, TimeSpan.FromMinutes(5));
    }
}
