namespace Appliance.Installer.Migrate;

/// <summary>
/// Where a mirror-registry 2.x installation keeps its parts, before named volumes are looked up: each of
/// <see cref="Sqlite"/> and <see cref="Storage"/> is an absolute host directory or a podman volume name (mirror-registry's
/// own defaults are the volumes <c>sqlite-storage</c> and <c>quay-storage</c>). The flags win over the quay-app unit's
/// mounts, which win over the defaults under <c>~/quay-install</c>.
/// </summary>
public sealed record QuaySources(string Root, string Config, string RootCa, string Sqlite, string Storage)
{
    public const string ConfigMount = "/quay-registry/conf/stack";
    public const string SqliteMount = "/sqlite";
    public const string StorageMount = "/datastorage";
    public const string DefaultSqliteVolume = "sqlite-storage";
    public const string DefaultStorageVolume = "quay-storage";

    public static QuaySources Choose(PodmanArguments? quayApp, QuayOverrides overrides, string home)
    {
        var mounts = quayApp?.MountSources ?? new Dictionary<string, string>();
        string? Mount(string destination) => mounts.TryGetValue(destination, out var source) ? Expand(source, home) : null;
        var configMount = Mount(ConfigMount);
        var root = Expand(overrides.QuayRoot, home)
            ?? (configMount is not null && configMount.StartsWith('/') ? Path.GetDirectoryName(configMount.TrimEnd('/')) : null)
            ?? $"{home}/quay-install";
        var config = overrides.QuayRoot is null && configMount is not null ? configMount : $"{root}/quay-config";
        return new QuaySources(root, config, $"{root}/quay-rootCA",
            Expand(overrides.SqliteStorage, home) ?? Mount(SqliteMount) ?? DefaultSqliteVolume,
            Expand(overrides.QuayStorage, home) ?? Mount(StorageMount) ?? DefaultStorageVolume);
    }

    /// <summary>A named volume, not a directory: podman tells these apart the same way.</summary>
    public static bool IsVolumeName(string source) => !source.StartsWith('/');

    private static string? Expand(string? path, string home) => path switch
    {
        null => null,
        "~" => home,
        _ when path.StartsWith("~/", StringComparison.Ordinal) => home + path[1..],
        _ => path.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : path,
    };
}
