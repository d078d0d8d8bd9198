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
public sealed class InstalledRegistry(string hostName, int port, string password, string certificateDirectory) : IDisposable
{
    public string Password => password;

    public static async Task<InstalledRegistry> ConnectAsync(TestHost host, string password, string dataDirectory = "/var/lib/appliance")
    {
        var port = host.Forward(8443);
        var certificates = Directory.CreateTempSubdirectory("mirror-registry-ca-").FullName;
        var ca = (await host.SshAsync($"cat {dataDirectory}/tls/ca.crt")).EnsureSuccess("reading ca.crt").StandardOutput;
        await File.WriteAllTextAsync(Path.Combine(certificates, "ca.crt"), ca);
        await File.WriteAllTextAsync(Path.Combine(certificates, "hosts"), $"127.0.0.1 localhost\n127.0.0.1 {host.HostName}\n");
        return new InstalledRegistry(host.HostName, port, password, certificates);
    }

    public async Task PushAsync(string repository, string tag)
    {
        var layout = Directory.CreateTempSubdirectory("mirror-registry-image-");
        try
        {
            // A layer of its own for every push, so each push really transfers one.
            OciLayout.Write(layout.FullName, tag, TestImages.Image(1, 64 * 1024, System.Security.Cryptography.RandomNumberGenerator.GetInt32(1_000_000)));
            // A mount namespace of its own gives skopeo an /etc/hosts that names the relay, without touching this machine's.
            (await Run.ProgramAsync("unshare", ["--mount", "sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", Path.Combine(certificateDirectory, "hosts"),
                "skopeo", "copy", "--dest-cert-dir", certificateDirectory, "--dest-creds", $"init:{password}",
                $"oci:{layout.FullName}:{tag}", $"docker://{hostName}:{port}/{repository}:{tag}"])).EnsureSuccess($"skopeo copy (push by host name {hostName})");
        }
        finally
        {
            layout.Delete(recursive: true);
        }
    }

    /// <summary>Pulls by IP address; returns skopeo's result so a test can assert failure too.</summary>
    public async Task<ProcessResult> PullAsync(string repository, string tag)
    {
        var destination = Directory.CreateTempSubdirectory("mirror-registry-pull-");
        try
        {
            return await Run.ProgramAsync("skopeo", ["copy", "--src-cert-dir", certificateDirectory, "--src-creds", $"init:{password}",
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
