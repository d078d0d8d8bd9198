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
    private readonly string _config;
    private readonly BasicCredentials? _credentials;

    public DistributionRegistry(string workDirectory, bool tls = false, string name = "distribution", BasicCredentials? credentials = null)
        : base(tls ? $"{name} tls" : name, workDirectory, tls)
    {
        _config = Path.Combine(DataDirectory, "config.yml");
        _credentials = credentials;
        var tlsDirectory = Path.Combine(DataDirectory, "tls");
        var (tlsSection, caFile) = tls ? Appliance.Testing.DistributionConfig.Tls(tlsDirectory) : ("", new CertificateFiles(tlsDirectory).CaCertificatePath);
        var authSection = credentials is null ? "" : Appliance.Testing.DistributionConfig.Htpasswd(Path.Combine(DataDirectory, "htpasswd"), credentials, "benchmark");
        File.WriteAllText(_config, Appliance.Testing.DistributionConfig.Yaml(StorageDirectory, Authority, tlsSection, authSection));
        CaFile = caFile;
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
