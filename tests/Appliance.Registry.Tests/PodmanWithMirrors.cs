using System.Text;
using Appliance.Core.ClusterConfig;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

/// <summary>
/// podman with its own storage, configured only by the generated files: CONTAINERS_REGISTRIES_CONF is the drop-in (when
/// given) after <c>unqualified-search-registries = []</c>, --cert-dir holds the generated ca.crt, and the auth file is a
/// pull secret with this registry merged in.
/// </summary>
public sealed class PodmanWithMirrors : IDisposable
{
    private readonly TestDirectory _storage = new("pm");
    private readonly string _certDirectory;
    private readonly string _authFile;
    private readonly Dictionary<string, string> _environment;

    public PodmanWithMirrors(TestDirectory work, IReadOnlyDictionary<string, string> files, string mirror, string initPassword)
    {
        var directory = work.Combine($"podman-{Guid.NewGuid():N}");
        _certDirectory = Path.Combine(directory, "certs");
        Directory.CreateDirectory(_certDirectory);
        File.WriteAllText(Path.Combine(_certDirectory, "ca.crt"), files["ca.crt"]);
        var registriesConf = Path.Combine(directory, "registries.conf");
        File.WriteAllText(registriesConf, "unqualified-search-registries = []\n" + files.GetValueOrDefault(RegistriesConf.FileName, ""));
        _authFile = Path.Combine(directory, "auth.json");
        var entry = $"{{\"auth\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes($"init:{initPassword}"))}\"}}";
        File.WriteAllBytes(_authFile, PullSecretMerge.Merge("{\"auths\":{\"quay.io\":{\"auth\":\"b3RoZXI6c2VjcmV0\"}}}"u8.ToArray(), mirror, entry));
        // An empty policy and registries.d directory keep the host's signature settings out of the test.
        var policy = Path.Combine(directory, "policy.json");
        File.WriteAllText(policy, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
        _environment = new() { ["CONTAINERS_REGISTRIES_CONF"] = registriesConf };
        Options = ["--root", _storage.Combine("root"), "--runroot", _storage.Combine("run"), "--storage-driver", "vfs"];
        PullOptions = ["--cert-dir", _certDirectory, "--authfile", _authFile, "--signature-policy", policy];
    }

    private string[] Options { get; }
    private string[] PullOptions { get; }

    public async Task PullAsync(string reference) => (await TryPullAsync(reference)).EnsureSuccess($"podman pull {reference}");

    public Task<ProcessResult> TryPullAsync(string reference) =>
        ProcessRunner.RunAsync("podman", [.. Options, "pull", .. PullOptions, reference], environment: _environment);

    /// <summary>The manifest digest podman recorded for the pulled image.</summary>
    public async Task<string> DigestOfAsync(string reference)
    {
        var result = (await ProcessRunner.RunAsync("podman", [.. Options, "image", "inspect", "--format", "{{.Digest}}", reference], environment: _environment))
            .EnsureSuccess($"podman image inspect {reference}");
        return result.StandardOutput.Trim();
    }

    public void Dispose() => _storage.Dispose();
}
