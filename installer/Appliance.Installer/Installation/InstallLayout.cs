using Appliance.Installer.Targets;

namespace Appliance.Installer.Installation;

/// <summary>
/// Where an installation lives on the target. A system install (root or sudo) runs as the unprivileged
/// <c>appliance</c> user from /opt, /etc and /var/lib; a rootless one runs as the login user from its home.
/// </summary>
public sealed record InstallLayout(bool IsSystem, string BinaryRoot, string ConfigDirectory, string DataDirectory, string UnitDirectory)
{
    public const string UnitName = "appliance-registry.service";
    public const string ServiceUser = "appliance";
    public const string BinaryName = "appliance-registry";

    public static InstallLayout System(string? dataDirectory) =>
        new(true, "/opt/appliance", "/etc/appliance", dataDirectory ?? "/var/lib/appliance", "/etc/systemd/system");

    public static InstallLayout Rootless(string home, string? dataDirectory) =>
        new(false, $"{home}/.local/lib/appliance", $"{home}/.config/appliance", dataDirectory ?? $"{home}/.local/share/appliance",
            $"{home}/.config/systemd/user");

    public string UnitPath => $"{UnitDirectory}/{UnitName}";
    public string ConfigPath => $"{ConfigDirectory}/config.yaml";
    public string RecordPath => $"{ConfigDirectory}/install.json";
    /// <summary>Secrets of the shared storage engines, next to the config that names them: 0600, the service user's.</summary>
    public string PostgresPasswordPath => $"{ConfigDirectory}/pg-password";
    public string S3CredentialsPath => $"{ConfigDirectory}/s3-credentials";
    public string CurrentLink => $"{BinaryRoot}/current";
    public string CurrentBinary => $"{CurrentLink}/{BinaryName}";
    public string VersionDirectory(string version) => $"{BinaryRoot}/{version}";
    public string InitPasswordFile => $"{DataDirectory}/init-password";
    public string CaCertificate => $"{DataDirectory}/tls/ca.crt";
    public string DatabasePath => $"{DataDirectory}/registry.db";
    public string BackupRoot => $"{DataDirectory}/backups";

    /// <summary>User units need the login's runtime directory, which a non-interactive session may not export.</summary>
    private const string UserBus = "XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/run/user/$(id -u)}";

    public string Systemctl => SystemctlOf(IsSystem);

    /// <summary>systemctl for system units, or for the login user's units (which other programs install too, e.g. mirror-registry's).</summary>
    public static string SystemctlOf(bool isSystem) => isSystem ? "systemctl" : $"{UserBus} systemctl --user";
    public string Journalctl => IsSystem ? $"journalctl -u {UnitName}" : $"journalctl --user -u {UnitName}";

    /// <summary><c>install</c> flags giving files to the service user; rootless, the login user already owns them.</summary>
    public string InstallOwnerFlags => IsSystem ? $"-o {ServiceUser} -g {ServiceUser} " : "";

    /// <summary>Runs a command as the user the service runs as, with the unit's umask, so the files it creates match the service's own.</summary>
    public string AsServiceUser(string command) => IsSystem ? $"runuser -u {ServiceUser} -- /bin/sh -c {Shell.Quote("umask 027; " + command)}" : $"umask 027; {command}";

    public string RegistryCommand(string arguments) => $"{Shell.Quote(CurrentBinary)} {arguments} --config {Shell.Quote(ConfigPath)}";
}
