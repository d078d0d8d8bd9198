using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Appliance.Installer.Tests;

/// <summary>
/// A registry installed on a test host, reached from this machine through the host's 127.0.0.1 relay. skopeo pushes
/// by the registry's host name (resolved to the relay through a private /etc/hosts) and pulls by IP (127.0.0.1, an
/// IP SAN); both verify the certificate against the registry's CA.
/// </summary>
public sealed class InstalledRegistry(string hostName, int port, string password, string certificateDirectory, string user = "init") : IDisposable
{
    public string Password => password;

    public static async Task<InstalledRegistry> ConnectAsync(TestHost host, string password, string dataDirectory = "/var/lib/appliance")
    {
        var ca = (await host.SshAsync($"cat {dataDirectory}/tls/ca.crt")).EnsureSuccess("reading ca.crt").StandardOutput;
        return await ConnectAsync(host, ca, "init", password);
    }

    /// <summary>Through the host's port 8443, trusting only <paramref name="caPem"/>, logging in as <paramref name="user"/>.</summary>
    public static async Task<InstalledRegistry> ConnectAsync(TestHost host, string caPem, string user, string password)
    {
        var port = host.Forward(8443);
        var certificates = Directory.CreateTempSubdirectory("mirror-registry-ca-").FullName;
        await File.WriteAllTextAsync(Path.Combine(certificates, "ca.crt"), caPem);
        await File.WriteAllTextAsync(Path.Combine(certificates, "hosts"), $"127.0.0.1 localhost\n127.0.0.1 {host.HostName}\n");
        return new InstalledRegistry(host.HostName, port, password, certificates, user);
    }

    public async Task PushAsync(string repository, string tag)
    {
        var layout = Directory.CreateTempSubdirectory("mirror-registry-image-");
        try
        {
            // A layer of its own for every push, so each push really transfers one.
            OciLayout.Write(layout.FullName, tag, TestImages.Image(1, 64 * 1024, System.Security.Cryptography.RandomNumberGenerator.GetInt32(1_000_000)));
            (await ByNameAsync(["copy", "--dest-cert-dir", certificateDirectory, "--dest-creds", $"{user}:{password}",
                $"oci:{layout.FullName}:{tag}", $"docker://{hostName}:{port}/{repository}:{tag}"])).EnsureSuccess($"skopeo copy (push by host name {hostName})");
        }
        finally
        {
            layout.Delete(recursive: true);
        }
    }

    /// <summary>
    /// A tag served every way a client asks for it: skopeo and podman, each by the registry's host name with this user's
    /// credentials, each by tag and by digest; every one of them must receive <paramref name="digest"/>.
    /// </summary>
    public async Task AssertServesAsync(string repository, string tag, string digest)
    {
        foreach (var reference in new[] { $"{repository}:{tag}", $"{repository}@{digest}" })
        {
            Assert.Equal(digest, await SkopeoCopyAsync(reference));
            Assert.Equal(digest, await PodmanPullAsync(reference));
        }
    }

    /// <summary>skopeo copies every blob of <paramref name="reference"/> (repository:tag or repository@digest) into a directory, unchanged; returns the digest of what it copied.</summary>
    public async Task<string> SkopeoCopyAsync(string reference)
    {
        var destination = Directory.CreateTempSubdirectory("mirror-registry-pull-");
        try
        {
            var digestFile = Path.Combine(destination.FullName, "digest");
            (await ByNameAsync(["copy", "--src-cert-dir", certificateDirectory, "--src-creds", $"{user}:{password}", "--digestfile", digestFile,
                $"docker://{hostName}:{port}/{reference}", $"dir:{Path.Combine(destination.FullName, "image")}"])).EnsureSuccess($"skopeo copy {reference} as {user}");
            return (await File.ReadAllTextAsync(digestFile)).Trim();
        }
        finally
        {
            destination.Delete(recursive: true);
        }
    }

    /// <summary>podman (with storage of its own) pulls <paramref name="reference"/> (repository:tag or repository@digest) by the registry's host name; returns the digest podman recorded.</summary>
    public Task<string> PodmanPullAsync(string reference) => NodePullAsync($"{hostName}:{port}/{reference}", registriesConf: "unqualified-search-registries = []\n");

    /// <summary>
    /// A cluster node's pull by digest: podman (with storage of its own) asks for <paramref name="source"/>@digest, which a
    /// registries.conf mirror entry (by digest only, as an ImageDigestMirrorSet becomes on a node) sends to
    /// <paramref name="repository"/> here; the auth file holds these credentials for this registry, as a pull secret does.
    /// Returns the digest podman recorded for the image.
    /// </summary>
    public Task<string> PullThroughMirrorAsync(string source, string repository, string digest) => NodePullAsync($"{source}@{digest}", $"""
        unqualified-search-registries = []
        [[registry]]
        prefix = "{source}"
        location = "{source}"
        mirror-by-digest-only = true
        [[registry.mirror]]
        location = "{hostName}:{port}/{repository}"
        """);

    /// <summary>podman as a node runs it: this registry's CA, an auth file with these credentials, <paramref name="registriesConf"/>, storage of its own.</summary>
    private async Task<string> NodePullAsync(string reference, string registriesConf)
    {
        var node = Directory.CreateTempSubdirectory("mirror-registry-node-");
        try
        {
            var registries = Path.Combine(node.FullName, "registries.conf");
            await File.WriteAllTextAsync(registries, registriesConf);
            var auth = Path.Combine(node.FullName, "auth.json");
            await File.WriteAllTextAsync(auth, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["auths"] = new Dictionary<string, object> { [$"{hostName}:{port}"] = new { auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")) } },
            }));
            var policy = Path.Combine(node.FullName, "policy.json");
            await File.WriteAllTextAsync(policy, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
            string[] podman = ["env", $"CONTAINERS_REGISTRIES_CONF={registries}", "podman", "--root", Path.Combine(node.FullName, "root"),
                "--runroot", Path.Combine(node.FullName, "run"), "--storage-driver", "vfs"];
            (await InNamespaceAsync([.. podman, "pull", "--cert-dir", certificateDirectory, "--authfile", auth, "--signature-policy", policy, reference]))
                .EnsureSuccess($"podman pull {reference} as {user}");
            return (await InNamespaceAsync([.. podman, "image", "inspect", "--format", "{{.Digest}}", reference])).EnsureSuccess("podman image inspect")
                .StandardOutput.Trim();
        }
        finally
        {
            node.Delete(recursive: true);
        }
    }

    private Task<ProcessResult> ByNameAsync(string[] skopeoArguments) => InNamespaceAsync(["skopeo", .. skopeoArguments]);

    /// <summary>
    /// A client with an /etc/hosts that names the relay, in a mount namespace of its own, so that nothing of this machine's
    /// changes.
    /// </summary>
    private Task<ProcessResult> InNamespaceAsync(string[] command) => Run.ProgramAsync("unshare",
        ["--mount", "sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", Path.Combine(certificateDirectory, "hosts"), .. command]);

    /// <summary>Pulls by IP address; returns skopeo's result so a test can assert failure too.</summary>
    public async Task<ProcessResult> PullAsync(string repository, string tag)
    {
        var destination = Directory.CreateTempSubdirectory("mirror-registry-pull-");
        try
        {
            return await Run.ProgramAsync("skopeo", ["copy", "--src-cert-dir", certificateDirectory, "--src-creds", $"{user}:{password}",
                $"docker://127.0.0.1:{port}/{repository}:{tag}", $"oci:{destination.FullName}:{tag}"]);
        }
        finally
        {
            destination.Delete(recursive: true);
        }
    }

    /// <summary>/health/ready over TLS verified for <paramref name="name"/> against the registry's CA only.</summary>
    public async Task<JsonElement> ReadyAsync(string name)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(certificateDirectory, "ca.crt"));
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync("127.0.0.1", port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { ca }, RevocationMode = X509RevocationMode.NoCheck },
            },
        };
        using var client = new HttpClient(handler);
        var body = await client.GetStringAsync($"https://{name}:8443/health/ready");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>From now on trust <paramref name="caFile"/> instead of the registry's generated CA (after a certificate replacement).</summary>
    public void Trust(string caFile) => File.Copy(caFile, Path.Combine(certificateDirectory, "ca.crt"), overwrite: true);

    /// <summary>The served serial once it differs from <paramref name="before"/>; the server reloads replaced files on its own, within seconds.</summary>
    public async Task<string> WaitForSerialChangeAsync(string before)
    {
        var serial = before;
        await Poll.HoldsWithinAsync(async () =>
        {
            try
            {
                serial = await SerialAsync();
            }
            catch (HttpRequestException)
            {
                // Still the old certificate, which the new trust anchor rejects.
            }
            return serial != before;
        }, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));
        return serial;
    }

    public async Task<string> SerialAsync() => (await ReadyAsync("localhost")).GetProperty("certificate").GetProperty("serial").GetString()!;

    public void Dispose() => Directory.Delete(certificateDirectory, recursive: true);
}
