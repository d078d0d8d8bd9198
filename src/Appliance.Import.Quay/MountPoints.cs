namespace Appliance.Import.Quay;

/// <summary>
/// Whether two paths lie on one mount, where link(2) can give a file a second name (across mounts it fails with EXDEV,
/// even for two bind mounts of one filesystem). Read from /proc/self/mountinfo, so a dry run needs to create no file to
/// find out; a path that does not exist yet is judged by its nearest existing parent.
/// </summary>
public static class MountPoints
{
    public static bool Same(string first, string second)
    {
        var mounts = Read();
        return mounts.Count > 0 && MountOf(mounts, first) == MountOf(mounts, second);
    }

    private static string MountOf(List<string> mounts, string path)
    {
        var directory = new DirectoryInfo(Path.GetFullPath(path));
        while (directory.Parent is not null && !directory.Exists) directory = directory.Parent;
        var resolved = directory.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? directory.FullName;
        return mounts.Where(m => resolved == m || resolved.StartsWith(m.TrimEnd('/') + "/", StringComparison.Ordinal)).MaxBy(m => m.Length) ?? "/";
    }

    /// <summary>The mount points (field 5 of each line, octal escapes undone); empty where there is no /proc.</summary>
    private static List<string> Read()
    {
        const string file = "/proc/self/mountinfo";
        if (!File.Exists(file)) return [];
        return [.. File.ReadLines(file).Select(line => line.Split(' ')).Where(fields => fields.Length > 4).Select(fields => Unescape(fields[4]))];
    }

    private static string Unescape(string field) =>
        System.Text.RegularExpressions.Regex.Replace(field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());
}
