using Appliance.Installer.Installation;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>
/// This release's server copied to a private temporary directory of the login user on the target (mktemp, honouring the
/// target's TMPDIR), to run one of its commands before anything is installed; disposing removes the directory.
/// </summary>
public sealed class StagedServer : IAsyncDisposable
{
    private readonly ITarget target;

    private StagedServer(ITarget target, string directory)
    {
        this.target = target;
        Directory = directory;
    }

    public string Directory { get; }

    public static async Task<StagedServer> CopyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var target = context.Target;
        var staged = new StagedServer(target, (await target.RunAsync("mktemp -d", cancellationToken: cancellationToken)).EnsureSuccess("mktemp").Trim());
        try
        {
            foreach (var file in context.Payload.ServerFiles) await target.UploadAsync(file, $"{staged.Directory}/{Path.GetFileName(file)}", cancellationToken);
            (await target.RunAsync($"chmod 0700 {Shell.Quote($"{staged.Directory}/{InstallLayout.BinaryName}")}", cancellationToken: cancellationToken))
                .EnsureSuccess("chmod of the staged server");
            return staged;
        }
        catch
        {
            await staged.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>appliance-registry ARGUMENTS</c>; as root with <paramref name="sudo"/>.</summary>
    public async Task<CommandResult> RunAsync(string arguments, bool sudo, CancellationToken cancellationToken)
    {
        var result = await target.RunAsync($"{Shell.Quote($"{Directory}/{InstallLayout.BinaryName}")} {arguments}", sudo, cancellationToken: cancellationToken);
        if (result.ExitCode is 126 or 127)
        {
            throw new InstallerException($"cannot run the server from {Directory} on the target ({result.StandardError.Trim()}); "
                + "if its file system is mounted noexec, point TMPDIR of the login user at one that is not");
        }
        return result;
    }

    public async ValueTask DisposeAsync() => await target.RunAsync($"rm -rf {Shell.Quote(Directory)}", cancellationToken: CancellationToken.None);
}
