using Appliance.Installer.Targets;

namespace Appliance.Installer.Migrate;

/// <summary>
/// The arguments of <c>appliance-registry import mirror-registry</c>, the command of this release's server that reads
/// Quay's config, SQLite file and blob storage on the target (the file is only read) and imports them.
/// </summary>
public static class QuayImport
{
    /// <summary><paramref name="dataDirectory"/> is named even beside the config: the import checks with it that hard links work.</summary>
    public static string Arguments(QuayPaths paths, string dataDirectory, bool link, bool dryRun) =>
        $"import mirror-registry --quay-config {Shell.Quote(paths.Config)} --sqlite {Shell.Quote(paths.SqliteFile)} --storage {Shell.Quote(paths.Storage)}"
        + $" --data {Shell.Quote(dataDirectory)}{(link ? " --link" : "")}{(dryRun ? " --dry-run" : "")} --json";

    /// <summary>True when the two paths (or their nearest existing parents) are on one file system, so blobs can be hard-linked.</summary>
    public static async Task<bool> SameFileSystemAsync(ITarget target, bool sudo, string first, string second, CancellationToken cancellationToken)
    {
        static string Device(string path) => $"$({Shell.NearestExisting(path)}; stat -c %d \"$p\")";
        var result = await target.RunAsync($"[ \"{Device(first)}\" = \"{Device(second)}\" ]", sudo, cancellationToken: cancellationToken);
        return result.Succeeded;
    }
}
