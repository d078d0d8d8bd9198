using Appliance.Installer.Installation;

namespace Appliance.Installer.Migrate;

/// <summary>
/// A mirror-registry 2.x installation as found on the target: its units (system or the login user's) and their state,
/// its directories, the named volumes behind them, the images its containers run, the name clients use (SERVER_HOSTNAME) and the port it listens on.
/// </summary>
public sealed record QuayInstallation(bool IsSystem, string UnitDirectory, IReadOnlyList<QuayUnit> Units, QuayPaths Paths,
    IReadOnlyList<string> NamedVolumes, IReadOnlyList<string> Images, string ServerHostname, string Host, int Port)
{
    public const int DefaultPort = 8443;

    public string Systemctl => InstallLayout.SystemctlOf(IsSystem);

    public string UnitPath(string name) => $"{UnitDirectory}/{name}";

    /// <summary>The address our registry takes over: the same host name, on the port Quay's pod published.</summary>
    public string QuayHostname => $"{Host}:{Port}";
}
