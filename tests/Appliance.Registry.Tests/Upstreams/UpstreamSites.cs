using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Appliance.Registry.Auth;
using Appliance.Testing;
using Appliance.Upstream;

namespace Appliance.Registry.Tests.Upstreams;

/// <summary>
/// The two upstreams of the issue, both on loopback: upstream 1 is CNCF distribution over TLS with htpasswd Basic auth,
/// upstream 2 a second instance of this registry with TLS and token auth; and a pull secret with both hosts' credentials.
/// </summary>
public sealed class UpstreamSites : IAsyncDisposable
{
    public const string InitPassword = "upstream-two-init-password";

    private UpstreamSites(TestDirectory directory, SecuredDistributionServer distribution, RegistryServer registry)
    {
        Directory = directory;
        Distribution = distribution;
        Registry = registry;
        PullSecretFile = directory.Combine("pull-secret.json");
        File.WriteAllText(PullSecretFile, PullSecret(distribution.Credentials));
    }

    public TestDirectory Directory { get; }

    /// <summary>Upstream 1.</summary>
    public SecuredDistributionServer Distribution { get; }

    /// <summary>Upstream 2.</summary>
    public RegistryServer Registry { get; }

    public string PullSecretFile { get; }

    public static async Task<UpstreamSites> StartAsync()
    {
        var directory = new TestDirectory("upstreams");
        var distribution = await SecuredDistributionServer.StartAsync(directory.Combine("distribution"), new BasicCredentials("puller", "distribution-password"));
        var registry = await RegistryServer.StartAsync("--tls:enabled", "true", "--auth:enabled", "true", "--auth:initPassword", InitPassword,
            "--auth:bcryptCost", "10");
        return new UpstreamSites(directory, distribution, registry);
    }

    /// <summary>A pull secret for both upstreams, with <paramref name="distributionCredentials"/> for upstream 1.</summary>
    public string PullSecret(BasicCredentials distributionCredentials) => JsonSerializer.Serialize(new
    {
        auths = new Dictionary<string, object>
        {
            [Distribution.Authority] = new { auth = Base64($"{distributionCredentials.User}:{distributionCredentials.Password}") },
            [Registry.Authority] = new { auth = Base64($"init:{InitPassword}") },
        },
    });

    /// <summary>A client of upstream 2 that pushes as its init user (Basic, which the registry takes besides tokens).</summary>
    public RegistryHttpClient CreateRegistryPusher()
    {
        var http = Registry.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Base64($"init:{InitPassword}"));
        return new RegistryHttpClient(http);
    }

    /// <summary>Upstream settings mapping <c>one/…</c> to upstream 1's <c>lib/…</c> and <c>two/…</c> to upstream 2's <c>lib/…</c>, each host with its CA.</summary>
    public UpstreamOptions Options() => new()
    {
        Mappings = [$"{Distribution.Authority}/lib=one", $"{Registry.Authority}/lib=two"],
        PullSecretFile = PullSecretFile,
        Hosts =
        [
            new UpstreamHostOptions { Host = Distribution.Authority, CaFile = Distribution.CaFile },
            new UpstreamHostOptions { Host = Registry.Authority, CaFile = Registry.CaCertificatePath },
        ],
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>The same settings as registry arguments (<c>--upstreams:…</c>), for a registry that caches both.</summary>
    public string[] Arguments(string? pullSecretFile = null) =>
    [
        "--upstreams:mappings:0", $"{Distribution.Authority}/lib=one",
        "--upstreams:mappings:1", $"{Registry.Authority}/lib=two",
        "--upstreams:pullSecretFile", pullSecretFile ?? PullSecretFile,
        "--upstreams:hosts:0:host", Distribution.Authority, "--upstreams:hosts:0:caFile", Distribution.CaFile,
        "--upstreams:hosts:1:host", Registry.Authority, "--upstreams:hosts:1:caFile", Registry.CaCertificatePath,
        "--upstreams:requestTimeout", "00:00:10",
    ];

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public async ValueTask DisposeAsync()
    {
        await Distribution.DisposeAsync();
        await Registry.DisposeAsync();
        Directory.Dispose();
    }
}
