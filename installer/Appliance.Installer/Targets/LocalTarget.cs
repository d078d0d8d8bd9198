using System.Diagnostics;

namespace Appliance.Installer.Targets;

/// <summary>This machine: commands are child processes, uploads are file copies. Never SSHes to itself.</summary>
public sealed class LocalTarget(string? becomePassword, Action<string>? trace) : ShellTarget(becomePassword, trace)
{
    public override string Description => $"{Environment.UserName}@{Environment.MachineName} (this machine)";

    protected override async Task<CommandResult> ExecuteAsync(string command, string? standardInput, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InstallerException("cannot start /bin/sh");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            if (standardInput is not null) await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
        }
        catch (IOException)
        {
            // The command exited without reading its input; its exit code says what happened.
        }
        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        return new CommandResult(process.ExitCode, await output, await error);
    }

    public override async Task UploadAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
    {
        await using var source = File.OpenRead(localPath);
        await using var destination = new FileStream(remotePath, FileMode.Create, FileAccess.Write, FileShare.None);
        await source.CopyToAsync(destination, cancellationToken);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
