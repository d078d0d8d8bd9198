using Appliance.Installer.Commands;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Migrate;

/// <summary>
/// Finds a mirror-registry 2.x installation the way mirror-registry lays it out: the units quay-app, quay-redis and
/// quay-pod in /etc/systemd/system (installed as root) or ~/.config/systemd/user (rootless), the <c>-v</c> mounts of
/// quay-app's <c>podman run</c> (host directories or named volumes, resolved with <c>podman volume inspect</c>) and the
/// port quay-pod publishes; without units, the defaults under ~/quay-install. Reads only; changes nothing.
/// </summary>
public static class QuayDetector
{
    private const string SystemUnitDirectory = "/etc/systemd/system";

    public static async Task<QuayInstallation> DetectAsync(ITarget target, QuayOverrides overrides, CancellationToken cancellationToken)
    {
        var home = (await target.RunAsync("printf %s \"$HOME\"", cancellationToken: cancellationToken)).StandardOutput;
        var userUnitDirectory = $"{home}/.config/systemd/user";
        var isSystem = true;
        var unitDirectory = SystemUnitDirectory;
        var systemUnits = await target.ExistsAsync($"{SystemUnitDirectory}/{QuayUnit.Names[0]}", sudo: false, cancellationToken);
        if (!systemUnits && await target.ExistsAsync($"{userUnitDirectory}/{QuayUnit.Names[0]}", sudo: false, cancellationToken))
        {
            (isSystem, unitDirectory) = (false, userUnitDirectory);
        }
        // mirror-registry's defaults (~/quay-install) are in the home of the user its units run as: root's for system units,
        // also when a sudo user runs the takeover; without units, the login user's.
        var quayHome = systemUnits ? (await target.RunAsync("printf %s ~root", cancellationToken: cancellationToken)).StandardOutput : home;
        var app = await ReadUnitAsync(target, isSystem, $"{unitDirectory}/quay-app.service", cancellationToken);
        var pod = await ReadUnitAsync(target, isSystem, $"{unitDirectory}/quay-pod.service", cancellationToken);
        var redis = await ReadUnitAsync(target, isSystem, $"{unitDirectory}/quay-redis.service", cancellationToken);
        var images = new[] { app, redis, pod }.SelectMany(unit => unit?.Images ?? []).Distinct().ToList();
        var sources = QuaySources.Choose(app, overrides, quayHome);
        var volumes = new List<string>();
        var paths = new QuayPaths(sources.Config, sources.RootCa,
            await ResolveAsync(target, isSystem, sources.Sqlite, sources.Root, volumes, "--sqliteStorage", cancellationToken),
            await ResolveAsync(target, isSystem, sources.Storage, sources.Root, volumes, "--quayStorage", cancellationToken));
        await RequireAsync(target, isSystem, paths.ConfigFile, "Quay's config", "--quayRoot", cancellationToken);
        await RequireAsync(target, isSystem, paths.SqliteFile, "Quay's SQLite database", "--sqliteStorage", cancellationToken);
        var hostnameLine = (await target.RunAsync(QuayConfig.ReadCommand(Shell.Quote(paths.ConfigFile)), isSystem, cancellationToken: cancellationToken)).StandardOutput;
        var serverHostname = QuayConfig.ServerHostname(hostnameLine, paths.ConfigFile);
        var port = PublishedPort(pod) ?? PublishedPort(app) ?? QuayInstallation.DefaultPort;
        var units = new List<QuayUnit>();
        foreach (var name in QuayUnit.Names)
        {
            if (!await target.ExistsAsync($"{unitDirectory}/{name}", sudo: false, cancellationToken)) continue;
            units.Add(await StateAsync(target, isSystem, name, cancellationToken));
        }
        return new QuayInstallation(isSystem, unitDirectory, units, paths, volumes, images, serverHostname, InstallCommand.ParseHostname(serverHostname).Host, port);
    }

    /// <summary>The state a rollback restores; queried again by the steps, so it is current when they run.</summary>
    public static async Task<QuayUnit> StateAsync(ITarget target, bool isSystem, string name, CancellationToken cancellationToken)
    {
        var systemctl = Installation.InstallLayout.SystemctlOf(isSystem);
        var active = await target.RunAsync($"{systemctl} is-active --quiet {name}", isSystem, cancellationToken: cancellationToken);
        var enabled = await target.RunAsync($"{systemctl} is-enabled --quiet {name}", isSystem, cancellationToken: cancellationToken);
        return new QuayUnit(name, active.Succeeded, enabled.Succeeded);
    }

    private static async Task<PodmanArguments?> ReadUnitAsync(ITarget target, bool isSystem, string path, CancellationToken cancellationToken) =>
        await target.ReadFileAsync(path, isSystem, cancellationToken) is { } text ? PodmanArguments.Parse(UnitExecStart.Words(text)) : null;

    /// <summary>The host port in front of Quay's 8443 inside the pod.</summary>
    private static int? PublishedPort(PodmanArguments? unit) =>
        unit?.PublishedPorts.Where(p => p.Container == QuayInstallation.DefaultPort).Select(p => (int?)p.Host).FirstOrDefault();

    /// <summary>A host directory as is; a volume name through podman (as the user that owns the units), else the directory of that name under the root.</summary>
    private static async Task<string> ResolveAsync(ITarget target, bool isSystem, string source, string root, List<string> volumes, string flag,
        CancellationToken cancellationToken)
    {
        if (!QuaySources.IsVolumeName(source)) return source;
        var inspect = await target.RunAsync($"podman volume inspect {Shell.Quote(source)} --format '{{{{.Mountpoint}}}}'", isSystem, cancellationToken: cancellationToken);
        if (inspect.Succeeded && inspect.StandardOutput.Trim() is { Length: > 0 } mountpoint)
        {
            volumes.Add(source);
            return mountpoint;
        }
        var directory = $"{root}/{source}";
        if ((await target.RunAsync($"test -d {Shell.Quote(directory)}", isSystem, cancellationToken: cancellationToken)).Succeeded) return directory;
        throw new InstallerException($"'{source}' is neither a podman volume ({FirstLine(inspect)}) nor a directory {directory}; name the directory with {flag}");
    }

    private static async Task RequireAsync(ITarget target, bool isSystem, string path, string what, string flag, CancellationToken cancellationToken)
    {
        if (!await target.ExistsAsync(path, isSystem, cancellationToken))
        {
            throw new InstallerException($"no mirror-registry 2.x installation found: {what} {path} does not exist (point at it with {flag})");
        }
    }

    private static string FirstLine(CommandResult result) =>
        (result.StandardError.Trim().Split('\n').FirstOrDefault() is { Length: > 0 } line) ? line : $"exit code {result.ExitCode}";
}
