using System.Security.Cryptography;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>
/// Copies the server of this release into its own version directory, next to any other version, so an
/// upgrade can switch back. Files go to a temporary directory first (SFTP as the login user), then into place.
/// </summary>
public sealed class CopyBinariesStep : IStep
{
    public string Title => "Copy the registry server";

    public async Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken)
    {
        var installed = Path.Combine(context.Layout.VersionDirectory(context.Payload.Version), Path.GetFileName(context.Payload.ServerBinary));
        var sum = await context.RunAsync($"sha256sum {Shell.Quote(installed)}", cancellationToken);
        return sum.Succeeded && sum.StandardOutput.StartsWith(await Sha256Async(context.Payload.ServerBinary, cancellationToken), StringComparison.Ordinal);
    }

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var directory = context.Layout.VersionDirectory(context.Payload.Version);
        var staging = (await context.Target.RunAsync("mktemp -d", cancellationToken: cancellationToken)).EnsureSuccess("mktemp").Trim();
        try
        {
            foreach (var file in context.Payload.ServerFiles)
            {
                var size = new FileInfo(file).Length;
                context.Reporter.Detail($"{Path.GetFileName(file)} ({size / 1024 / 1024} MiB) -> {directory}/");
                await context.Target.UploadAsync(file, $"{staging}/{Path.GetFileName(file)}", cancellationToken);
            }
            await context.RunCheckedAsync($"mkdir -p {Shell.Quote(directory)} && install -m 0755 {Shell.Quote(staging)}/* {Shell.Quote(directory)}/",
                $"installing into {directory}", cancellationToken);
        }
        finally
        {
            await context.Target.RunAsync($"rm -rf {Shell.Quote(staging)}", cancellationToken: CancellationToken.None);
        }
        await context.RelabelAsync(context.Layout.BinaryRoot, cancellationToken);
        context.Reporter.Ok($"{context.Payload.Version} in {directory}");
    }

    /// <summary>Removes this version, and the binary root too when no other version is left in it.</summary>
    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) => context.RunCheckedAsync(
        $"rm -rf {Shell.Quote(context.Layout.VersionDirectory(context.Payload.Version))} && (rmdir {Shell.Quote(context.Layout.BinaryRoot)} 2>/dev/null; true)",
        "removing binaries", cancellationToken);

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
