namespace Appliance.Upstream;

/// <summary>One upstream host's own settings (a list item of <c>upstreams.hosts</c>, since a host's port cannot be a settings key).</summary>
public sealed class UpstreamHostOptions
{
    /// <summary>The host as the mappings spell it, port included.</summary>
    public string Host { get; set; } = "";

    /// <summary>The CA (PEM) that issued the upstream's certificate, trusted for this host instead of the system's trust store.</summary>
    public string? CaFile { get; set; }

    /// <summary>Plain HTTP instead of HTTPS; only when set here, for a registry on a trusted network or loopback.</summary>
    public bool PlainHttp { get; set; }
}
