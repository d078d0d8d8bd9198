using Appliance.Installer.Targets;

namespace Appliance.Installer.Migrate;

/// <summary>
/// The arguments of <c>appliance-registry import mirror-registry</c>, the command of this release's server that reads
/// Quay's config, SQLite file and blob storage on the target (the file is only read) and imports them.
/// </summary>
public static class QuayImport
{
    /// <summary>
    /// Always <c>--link</c>: the import hard-links only when <paramref name="dataDirectory"/> is on the mount of Quay's
    /// storage (named even beside the config for that check) and copies otherwise; its plan says which.
    /// </summary>
    public static string Arguments(QuayPaths paths, string dataDirectory, bool dryRun) =>
        $"import mirror-registry --quay-config {Shell.Quote(paths.Config)} --sqlite {Shell.Quote(paths.SqliteFile)} --quay-storage {Shell.Quote(paths.Storage)}"
        + $" --data {Shell.Quote(dataDirectory)} --link{(dryRun ? " --dry-run" : "")} --json";
}
