namespace Appliance.Installer.Installation;

/// <summary>What the install flags ask for, plus the facts preflight learns about the target.</summary>
public sealed class InstallPlan
{
    public required string QuayHost { get; init; }
    public required int Port { get; init; }
    public required string InitUser { get; init; }
    public string? InitPassword { get; init; }
    public string? SslCertificate { get; init; }
    public string? SslKey { get; init; }
    public bool SslCheckSkip { get; init; }
    public bool Force { get; init; }

    public string QuayHostname => $"{QuayHost}:{Port}";

    /// <summary>Names the generated certificate covers; preflight adds the target's own names.</summary>
    public List<string> CertificateHostNames { get; } = [];

    /// <summary>Set by preflight when firewalld runs on the target, so the port gets opened (and closed on undo).</summary>
    public bool FirewallActive { get; set; }
}
