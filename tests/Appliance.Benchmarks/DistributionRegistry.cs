using System.Diagnostics;
using System.Net;
using Appliance.Certs;
using Appliance.Registry.Auth;

namespace Appliance.Benchmarks;

/// <summary>
/// CNCF distribution (Debian's docker-registry) with a throwaway config (see <see cref="Appliance.Testing.DistributionConfig"/>).
/// Over TLS it serves a throwaway certificate for localhost from a CA of its own; with <paramref name="credentials"/> it asks
/// for them with htpasswd Basic auth, the only auth it has without a separate token server.
/// </summary>
public sealed class DistributionRegistry : BenchmarkRegistry
{
    /// <summary>The cost <c>htpasswd -B</c> uses, as distribution's documentation creates its users.</summary>
    private const int HtpasswdBcryptCost = 5;

    private readonly string _config;
    private readonly BasicCredentials? _credentials;

    public DistributionRegistry(string workDirectory, bool tls = false, string name = "distribution", BasicCredentials? credentials = null)
        : base(tls ? $"{name} tls" : name, workDirectory, tls)
    {
        _config = Path.Combine(DataDirectory, "config.yml");
        _credentials = credentials;
        var files = new CertificateFiles(Path.Combine(DataDirectory, "tls"));
        if (tls)
        {
            using var authority = CertificateAuthority.Create();
            using var server = authority.IssueServerCertificate(new ServerCertificateRequest(["localhost"], [IPAddress.Loopback]));
            files.WriteCertificateAuthority(authority);
            files.WriteServerCertificate(server, authority.Certificate);
        }
        var htpasswd = Path.Combine(DataDirectory, "htpasswd");
        if (credentials is not null)
        {
            File.WriteAllText(htpasswd, $"{credentials.User}:{BCrypt.Net.BCrypt.HashPassword(credentials.Password, HtpasswdBcryptCost)}\n");
        }
        var tlsSection = tls ? $"  tls:\n    certificate: {files.ServerCertificatePath}\n    key: {files.ServerKeyPath}\n" : "";
        var authSection = credentials is null ? "" : $"auth:\n  htpasswd:\n    realm: benchmark\n    path: {htpasswd}\n";
        File.WriteAllText(_config, Appliance.Testing.DistributionConfig.Yaml(StorageDirectory, Authority, tlsSection, authSection));
        CaFile = files.CaCertificatePath;
    }

    public string StorageDirectory => Path.Combine(DataDirectory, "storage");

    protected override string CaFile { get; }

    protected override string ReadinessPath => "/v2/";

    /// <summary>distribution answers 400 PAGINATION_NUMBER_INVALID above its default of 1000 entries per page.</summary>
    public override int MaxPageSize => 1000;

    /// <summary>Its /v2/ is the only readiness check it has, and with htpasswd that wants the credentials too.</summary>
    protected override Func<HttpMessageHandler, DelegatingHandler>? ReadinessAuth =>
        _credentials is null ? null : inner => new RegistryAuthHandler(_credentials, inner);

    protected override ProcessStartInfo StartInfo() => new("docker-registry") { ArgumentList = { "serve", _config } };

    public Task<Appliance.Testing.ProcessResult> CollectGarbageAsync() =>
        Appliance.Testing.ProcessRunner.RunAsync("docker-registry", ["garbage-collect", "--delete-untagged=false", _config], TimeSpan.FromMinutes(5));
}
