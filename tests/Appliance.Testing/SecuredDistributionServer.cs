using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Appliance.Registry.Auth;

namespace Appliance.Testing;

/// <summary>
/// CNCF distribution as an upstream registry is met in practice: HTTPS with a certificate from a CA of its own, htpasswd Basic
/// auth for one user, and its access log read line by line, so a test can count how often a blob was fetched from it.
/// </summary>
public sealed class SecuredDistributionServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _accessLog = new();
    private readonly string _config;
    private ServerProcess? _process;

    private SecuredDistributionServer(string config, string authority, string caFile, BasicCredentials credentials) =>
        (_config, Authority, CaFile, Credentials) = (config, authority, caFile, credentials);

    /// <summary>127.0.0.1:port, which the certificate names.</summary>
    public string Authority { get; }

    /// <summary>The CA that issued its certificate (PEM).</summary>
    public string CaFile { get; }

    public BasicCredentials Credentials { get; }

    /// <summary>The access log's request lines so far, e.g. <c>GET /v2/app/blobs/sha256:… HTTP/1.1" 200</c>.</summary>
    public IReadOnlyList<string> AccessLog => [.. _accessLog];

    /// <summary>How many answered GETs of <paramref name="path"/> (after /v2/) the access log shows with status 200.</summary>
    public int CountGets(string path) => _accessLog.Count(line => line.Contains($"\"GET /v2/{path} HTTP/", StringComparison.Ordinal) && line.Contains("\" 200 ", StringComparison.Ordinal));

    public static async Task<SecuredDistributionServer> StartAsync(string directory, BasicCredentials credentials)
    {
        var storage = Path.Combine(directory, "storage");
        Directory.CreateDirectory(storage);
        var authority = $"127.0.0.1:{ServerProcess.FreePort()}";
        var (tls, caFile) = DistributionConfig.Tls(Path.Combine(directory, "tls"));
        var auth = DistributionConfig.Htpasswd(Path.Combine(directory, "htpasswd"), credentials);
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, DistributionConfig.Yaml(storage, authority, tls, auth, accessLog: true));
        var server = new SecuredDistributionServer(config, authority, caFile, credentials);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts it (again, after <see cref="StopAsync"/>) on the same port and storage.</summary>
    public async Task StartAsync()
    {
        using var http = CreateHttpClient(authenticated: false);
        _process = await ServerProcess.StartAsync(new ProcessStartInfo("docker-registry") { ArgumentList = { "serve", _config } }, async () =>
        {
            try
            {
                using var response = await http.GetAsync("/v2/");
                return true; // 401 without credentials: it is serving.
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30), _accessLog.Enqueue);
    }

    /// <summary>A client that trusts its CA and, when <paramref name="authenticated"/>, sends the user's password.</summary>
    public HttpClient CreateHttpClient(bool authenticated = true)
    {
        var authority = X509CertificateLoader.LoadCertificateFromFile(CaFile);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(new X509Certificate2(certificate));
        };
        var http = new HttpClient(handler) { BaseAddress = new Uri($"https://{Authority}/"), Timeout = TimeSpan.FromMinutes(2) };
        if (authenticated)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Credentials.User}:{Credentials.Password}")));
        }
        return http;
    }

    public RegistryHttpClient CreateClient() => new(CreateHttpClient());

    /// <summary>SIGTERM; the storage stays for a later <see cref="StartAsync()"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
