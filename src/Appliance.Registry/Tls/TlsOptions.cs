namespace Appliance.Registry.Tls;

/// <summary>HTTPS settings; bound from the <c>tls</c> section of the config.</summary>
public sealed class TlsOptions
{
    public const string Section = "tls";

    /// <summary>HTTPS is the default; plain HTTP only when explicitly configured (loopback development, tests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Holds ca.crt, ca.key, ssl.crt and ssl.key; by default &lt;data&gt;/tls.</summary>
    public string? Directory { get; set; }

    /// <summary>Names the generated certificate is valid for; by default this host's name, its FQDN and localhost.</summary>
    public List<string> HostNames { get; set; } = [];

    /// <summary>Addresses the generated certificate is valid for; by default loopback plus every address of this host.</summary>
    public List<string> IpAddresses { get; set; } = [];

    public int ValidityDays { get; set; } = 730;

    /// <summary>How often the certificate files are checked for replacement, in addition to file change events.</summary>
    public int ReloadCheckSeconds { get; set; } = 10;
}
