using Appliance.Core.ClusterConfig;
using Appliance.Core.Tls;
using Appliance.Core.Upstreams;

namespace Appliance.Upstream;

/// <summary>The checks of <c>upstreams</c> at start-up: one line per problem, naming the setting, empty when all is well.</summary>
public static class UpstreamOptionsValidation
{
    private const string Prefix = "upstreams.";

    public static IReadOnlyList<string> Validate(UpstreamOptions options)
    {
        var errors = new List<string>();
        void Error(string setting, string problem) => errors.Add(Prefix + setting + ": " + problem);

        try
        {
            _ = new UpstreamMap(options.Mappings.Select(MirrorSource.Parse));
        }
        catch (FormatException e)
        {
            Error("mappings", e.Message);
        }
        if (options.PullSecretFile is { Length: > 0 } secret)
        {
            if (!File.Exists(secret)) Error("pullSecretFile", $"{secret} does not exist");
            else
            {
                try
                {
                    UpstreamCredentials.ReadPullSecret(secret);
                }
                catch (FormatException e)
                {
                    Error("pullSecretFile", e.Message);
                }
            }
        }
        if (options.HttpsProxy is { Length: > 0 } proxy && (!Uri.TryCreate(proxy, UriKind.Absolute, out var proxyUri) || proxyUri.Scheme is not ("http" or "https")))
        {
            Error("httpsProxy", $"'{proxy}' is not a proxy URL such as http://proxy.example.com:3128");
        }
        for (var i = 0; i < options.Hosts.Count; i++)
        {
            var host = options.Hosts[i];
            if (string.IsNullOrWhiteSpace(host.Host)) Error($"hosts.{i}.host", "is required (the upstream's host[:port] as the mappings name it)");
            if (host.CaFile is { Length: > 0 } caFile && CaFileCheck.Problem(caFile) is { } caProblem) Error($"hosts.{i}.caFile", caProblem);
        }
        if (options.RequestTimeout <= TimeSpan.Zero) Error("requestTimeout", "must be more than 0");
        return errors;
    }

}
