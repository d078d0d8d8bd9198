namespace Appliance.Installer.Targets;

/// <summary>POSIX shell quoting, so paths and names reach commands on the target as single words.</summary>
public static class Shell
{
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Join(params IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    /// <summary>Sets <c>$p</c> to <paramref name="path"/> or, when that does not exist yet, its nearest existing parent.</summary>
    public static string NearestExisting(string path) => $"p={Quote(path)}; while [ ! -e \"$p\" ]; do p=$(dirname \"$p\"); done";

    /// <summary>
    /// Wraps a command for sudo. <c>-k -S -p ''</c> always reads a become password from the first line of standard
    /// input (without a prompt, ignoring cached credentials); <c>-n</c> fails at once instead of waiting for a
    /// password nobody will type.
    /// </summary>
    public static string Sudo(string command, bool withPassword) => $"sudo {(withPassword ? "-k -S -p ''" : "-n")} /bin/sh -c {Quote(command)}";
}
