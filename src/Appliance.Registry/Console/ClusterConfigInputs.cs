using Appliance.Core.ClusterConfig;
using Appliance.Registry.Configuration;
using Appliance.Registry.Tls;
using Microsoft.Extensions.Options;

// Not "...Console": that namespace would hide System.Console from every Appliance.Registry.* file.
namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// A cluster-config request from what a person types (CLI flags or query parameters): <c>SOURCE=MIRROR</c> pairs, or a
/// prefix with the sources inferred (plus <c>HOST/PATH</c> sources the admin names), the registry's host and CA.
/// </summary>
public static class ClusterConfigInputs
{
    public static ClusterConfigRequest Build(IServiceProvider services, string? registry, IReadOnlyList<string> sources, string? prefix,
        string? policy, bool legacy)
    {
        var pairs = sources.Where(s => s.Contains('=')).Select(MirrorSource.Parse).ToList();
        var named = sources.Where(s => !s.Contains('=')).ToList();
        if (named.Count > 0 && prefix is null)
        {
            throw new ArgumentException($"source '{named[0]}' has no mirror: write SOURCE=MIRROR, or give --prefix to find it under the prefix");
        }
        var files = services.GetRequiredService<ServerCertificateProvider>().Files;
        var server = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        return new ClusterConfigRequest(
            RegistryClientAddress.Host(registry, files, server),
            RegistryClientAddress.CaCertificatePem(files),
            pairs,
            prefix,
            named,
            ParsePolicy(policy),
            legacy);
    }

    private static MirrorSourcePolicy? ParsePolicy(string? policy) =>
        policy is null or "" ? null
        : Enum.TryParse<MirrorSourcePolicy>(policy, ignoreCase: false, out var value) && Enum.IsDefined(value) ? value
        : throw new ArgumentException($"mirror source policy '{policy}' is not NeverContactSource or AllowContactingSource");
}
