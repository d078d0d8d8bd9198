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
    /// <summary>The port is the one of the registry being taken over (migrate), which stops before this one starts.</summary>
    public bool PortTakenOver { get; init; }
    /// <summary>PostgreSQL and S3 from <c>--pgConnection</c> and <c>--s3Config</c>; none: SQLite and blobs in the data directory.</summary>
    public EngineFiles Engines { get; init; } = EngineFiles.None;

    public string QuayHostname => $"{QuayHost}:{Port}";

    /// <summary>Names the generated certificate covers; preflight adds the target's own names.</summary>
    public List<string> CertificateHostNames { get; } = [];

    /// <summary>Set by preflight when firewalld runs on the target, so the port gets opened (and closed on undo).</summary>
    public bool FirewallActive { get; set; }

    /// <summary>
    /// False when the users live in a PostgreSQL database that already had them (another replica was installed first):
    /// this host then gets no init-password file.
    /// </summary>
    public bool InitPasswordWritten { get; set; } = true;
}
