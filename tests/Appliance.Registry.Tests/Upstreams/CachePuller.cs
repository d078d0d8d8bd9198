using Appliance.Testing;

namespace Appliance.Registry.Tests.Upstreams;

/// <summary>skopeo and podman (with a storage and a signature policy of their own) pulling from the cache, a plain-HTTP registry on loopback.</summary>
public sealed class CachePuller : IDisposable
{
    private readonly TestDirectory _directory = new("cp");

    public CachePuller() => File.WriteAllText(Policy, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");

    private string Policy => _directory.Combine("policy.json");

    /// <summary><c>skopeo copy</c> of <paramref name="reference"/> into an OCI layout; the result, failed or not.</summary>
    public Task<ProcessResult> SkopeoCopyAsync(string reference) =>
        ProcessRunner.RunAsync("skopeo", ["copy", "--policy", Policy, "--src-tls-verify=false", $"docker://{reference}",
            $"oci:{_directory.Combine($"layout-{Guid.NewGuid():N}")}:pulled"]);

    /// <summary><c>skopeo inspect --raw</c>: the manifest bytes the cache serves.</summary>
    public async Task<string> RawAsync(string reference) =>
        (await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{reference}"]))
        .EnsureSuccess($"skopeo inspect --raw {reference}").StandardOutput;

    public Task<ProcessResult> PodmanPullAsync(string reference) =>
        ProcessRunner.RunAsync("podman", ["--root", _directory.Combine("root"), "--runroot", _directory.Combine("run"), "--storage-driver", "vfs",
            "pull", "--tls-verify=false", "--signature-policy", Policy, reference]);

    public void Dispose() => _directory.Dispose();
}
