namespace Appliance.Core.Import;

/// <summary>
/// The files below a directory in ordinal order, with their paths relative to a root ('/'-separated). Symbolic links are
/// reported (as a null file) and never followed, so a reader of a tree reads nothing outside it.
/// </summary>
internal static class FileTreeWalk
{
    public static IEnumerable<(string Relative, FileInfo? File)> Below(string root, string directory)
    {
        var start = new DirectoryInfo(directory);
        if (!start.Exists) yield break;
        foreach (var entry in start.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (entry.LinkTarget is not null) yield return (relative, null);
            else if (entry is DirectoryInfo child) foreach (var found in Below(root, child.FullName)) yield return found;
            else yield return (relative, (FileInfo)entry);
        }
    }

    public static FileStream OpenSequential(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
