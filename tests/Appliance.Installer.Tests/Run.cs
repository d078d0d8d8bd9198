namespace Appliance.Installer.Tests;

/// <summary>Programs the installer tests run (the installer, skopeo, tar) print plain text, without colors.</summary>
public static class Run
{
    private static readonly Dictionary<string, string> Plain = new() { ["NO_COLOR"] = "1" };

    public static Task<ProcessResult> ProgramAsync(string file, IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync(file, arguments, timeout ?? TimeSpan.FromMinutes(5), Plain, input);
}
