using Appliance.Installer.Installation;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>
/// Preflight of <c>--pgConnection</c> and <c>--s3Config</c> from the target itself, where the registry will run: this
/// release's server runs <c>check-engines</c> staged in a temporary directory (<see cref="StagedServer"/>) with a config
/// naming copies of the secret files (0600, written through standard input) beside it, and the directory is removed
/// again. The server logs in to PostgreSQL and reads the schema version (no migration), and writes and deletes its
/// probe object in the bucket; every problem is one line naming the flag and the setting.
/// </summary>
public static class EngineCheck
{
    public static async Task RunAsync(StepContext context, EngineFiles engines, CancellationToken cancellationToken)
    {
        if (engines.Settings.IsDefault) return;
        var target = context.Target;
        await using var server = await StagedServer.CopyAsync(context, cancellationToken);
        var staging = server.Directory;
        var password = $"{staging}/pg-password";
        var credentials = $"{staging}/s3-credentials";
        if (engines.PostgresPasswordFile is { } passwordFile) await CopySecretAsync(target, passwordFile, password, cancellationToken);
        if (engines.S3CredentialsFile is { } credentialsFile) await CopySecretAsync(target, credentialsFile, credentials, cancellationToken);
        var config = RegistryConfig.RenderEngineCheck($"{staging}/data", engines, password, credentials);
        await target.WriteFileAsync($"{staging}/config.yaml", config, "0600", null, sudo: false, cancellationToken);
        var check = await server.RunAsync($"check-engines --config {Shell.Quote($"{staging}/config.yaml")}", sudo: false, cancellationToken);
        foreach (var line in Lines(check.StandardOutput)) context.Reporter.Detail(line);
        if (check.Succeeded) return;
        var problems = Lines(check.StandardError).Select(line => $"{FlagOf(line)}: {line}").ToList();
        if (problems.Count == 0) problems.Add($"{EngineFiles.PostgresFlag}/{EngineFiles.S3Flag}: the check on the target failed with exit code {check.ExitCode}");
        throw new InstallerException(string.Join('\n', problems));
    }

    private static async Task CopySecretAsync(ITarget target, string localFile, string remotePath, CancellationToken cancellationToken) =>
        await target.WriteFileAsync(remotePath, await File.ReadAllTextAsync(localFile, cancellationToken), "0600", null, sudo: false, cancellationToken);

    /// <summary>The server names the setting (metadata.*, storage.s3.*); the operator gave it through one of our flags.</summary>
    private static string FlagOf(string problem) => problem.StartsWith("metadata.", StringComparison.Ordinal) ? EngineFiles.PostgresFlag : EngineFiles.S3Flag;

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
