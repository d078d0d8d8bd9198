using Appliance.Installer.Installation;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>
/// Copies the PostgreSQL password and the S3 credentials file next to the config that names them, each 0600 and owned by
/// the service user: the only account that needs to read them. Their contents travel on standard input and are never
/// shown. Undo puts back what was there before (a forced reinstall) or removes them.
/// </summary>
public sealed class EngineSecretsStep(EngineFiles engines) : IStep
{
    private readonly Dictionary<string, string?> previous = [];

    public string Title => "Install the database password and object store credentials";

    private IEnumerable<(string Local, string Remote)> Secrets(InstallLayout layout)
    {
        if (engines.PostgresPasswordFile is { } password) yield return (password, layout.PostgresPasswordPath);
        if (engines.S3CredentialsFile is { } credentials) yield return (credentials, layout.S3CredentialsPath);
    }

    public async Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken)
    {
        foreach (var (local, remote) in Secrets(context.Layout))
        {
            if (await context.ReadFileAsync(remote, cancellationToken) != await File.ReadAllTextAsync(local, cancellationToken)) return false;
        }
        return true;
    }

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        await context.RunCheckedAsync($"mkdir -p -m 0755 {Shell.Quote(context.Layout.ConfigDirectory)}", "creating the config directory", cancellationToken);
        foreach (var (local, remote) in Secrets(context.Layout))
        {
            previous[remote] = await context.ReadFileAsync(remote, cancellationToken);
            await WriteSecretAsync(context, remote, await File.ReadAllTextAsync(local, cancellationToken), cancellationToken);
            context.Reporter.Ok($"{remote} (0600, readable by the service only)");
        }
    }

    public async Task UndoAsync(StepContext context, CancellationToken cancellationToken)
    {
        foreach (var (remote, content) in previous)
        {
            if (content is null) await context.RunCheckedAsync($"rm -f {Shell.Quote(remote)}", $"removing {remote}", cancellationToken);
            else await WriteSecretAsync(context, remote, content, cancellationToken);
        }
        await context.RunAsync($"rmdir {Shell.Quote(context.Layout.ConfigDirectory)} 2>/dev/null || true", cancellationToken);
    }

    private static Task WriteSecretAsync(StepContext context, string path, string content, CancellationToken cancellationToken) =>
        context.WriteFileAsync(path, content, "0600", context.Layout.IsSystem ? $"{InstallLayout.ServiceUser}:{InstallLayout.ServiceUser}" : null, cancellationToken);
}
