namespace Appliance.Upstream;

/// <summary>
/// The upstream registries, bound from <c>upstreams</c> (off while <see cref="Mappings"/> is empty). Holds no secret: the
/// credentials are read from <see cref="PullSecretFile"/> when the registry starts.
/// </summary>
public sealed class UpstreamOptions
{
    public const string Section = "upstreams";

    /// <summary><c>SOURCE=MIRROR</c> pairs as <c>cluster-config --source</c> takes them, e.g. <c>quay.io/openshift-release-dev=ocp4/openshift-release-dev</c>.</summary>
    public List<string> Mappings { get; set; } = [];

    /// <summary>A pull secret (<c>{"auths":{"host":{"auth":"base64(user:password)"}}}</c>) with the credentials per upstream host.</summary>
    public string? PullSecretFile { get; set; }

    /// <summary>The proxy every upstream is reached through, e.g. <c>http://proxy.example.com:3128</c>; empty: direct.</summary>
    public string? HttpsProxy { get; set; }

    /// <summary>Settings of single upstream hosts (a CA file, plain HTTP); hosts not listed use the system's trust store over HTTPS.</summary>
    public List<UpstreamHostOptions> Hosts { get; set; } = [];

    /// <summary>How long one request to an upstream may wait for its answer to begin.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => Mappings.Count > 0;

    public UpstreamHostOptions For(string host) =>
        Hosts.FirstOrDefault(h => string.Equals(h.Host, host, StringComparison.OrdinalIgnoreCase)) ?? new UpstreamHostOptions { Host = host };
}
