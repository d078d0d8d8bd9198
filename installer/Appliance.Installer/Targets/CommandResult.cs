namespace Appliance.Installer.Targets;

/// <summary>What a command on the target returned.</summary>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The output of a command that had to work; otherwise a failure naming what was being done.</summary>
    public string EnsureSuccess(string what) => Succeeded
        ? StandardOutput
        : throw new InstallerException($"{what} failed (exit code {ExitCode}): {FirstLines(StandardError.Length > 0 ? StandardError : StandardOutput)}");

    private static string FirstLines(string text) => string.Join(" | ", text.Trim().Split('\n').Take(5));
}
