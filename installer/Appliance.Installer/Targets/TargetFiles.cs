namespace Appliance.Installer.Targets;

/// <summary>File queries every target answers with the same shell commands.</summary>
public static class TargetFiles
{
    public static async Task<bool> ExistsAsync(this ITarget target, string path, bool sudo, CancellationToken cancellationToken) =>
        (await target.RunAsync($"test -e {Shell.Quote(path)}", sudo, cancellationToken: cancellationToken)).Succeeded;

    /// <summary>The file's text, or null when it does not exist.</summary>
    public static async Task<string?> ReadFileAsync(this ITarget target, string path, bool sudo, CancellationToken cancellationToken)
    {
        var result = await target.RunAsync($"test -e {Shell.Quote(path)} || exit 3; cat {Shell.Quote(path)}", sudo, cancellationToken: cancellationToken);
        return result.ExitCode == 3 ? null : result.EnsureSuccess($"reading {path}");
    }

    /// <summary>Free space in KiB where <paramref name="path"/> is or (not existing yet) would be created.</summary>
    public static async Task<long> FreeKilobytesAsync(this ITarget target, string path, bool sudo, CancellationToken cancellationToken)
    {
        var df = await target.RunAsync($"{Shell.NearestExisting(path)}; df -Pk \"$p\" | awk 'NR==2 {{print $4}}'", sudo, cancellationToken: cancellationToken);
        return long.TryParse(df.StandardOutput.Trim(), out var free) ? free : throw new InstallerException($"cannot measure free disk space: {df.StandardError.Trim()}");
    }

    /// <summary>Writes text through standard input to a temporary file and moves it into place with the given owner and mode.</summary>
    public static async Task WriteFileAsync(this ITarget target, string path, string content, string mode, string? owner, bool sudo,
        CancellationToken cancellationToken)
    {
        var temporary = $"{path}.tmp-{Guid.NewGuid():N}";
        var chown = owner is null ? "" : $" && chown {Shell.Quote(owner)} {Shell.Quote(temporary)}";
        var command = $"umask 077 && cat > {Shell.Quote(temporary)} && chmod {mode} {Shell.Quote(temporary)}{chown} && mv -f {Shell.Quote(temporary)} {Shell.Quote(path)}";
        (await target.RunAsync(command, sudo, content, cancellationToken)).EnsureSuccess($"writing {path}");
    }
}
