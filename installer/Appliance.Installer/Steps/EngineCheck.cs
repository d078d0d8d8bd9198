using Appliance.Installer.Installation;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>
/// Preflight of <c>--pgConnection</c> and <c>--s3Config</c> from the target itself, where the registry will run: this
/// release's server runs <c>check-engines</c> from a private temporary directory of the login user (mktemp, honouring
/// the target's TMPDIR) with a config naming copies of the secret files (0600, written through standard input), and
/// the directory is removed again. The server logs in to PostgreSQL and reads the schema version (no migration), and
/// writes and deletes its probe object in the bucket; every problem is one line naming the flag and the setting.
/// </summary>
public static class EngineCheck
{
    public static async Task RunAsync(StepContext context, EngineFiles engines, CancellationToken cancellationToken)
    {
        if (engines.Settings.IsDefault) return;
        var target = context.Target;
        var staging = (await target.RunAsync("mktemp -d", cancellationToken: cancellationToken)).EnsureSuccess("mktemp").Trim();
        try
        {
            foreach (var file in context.Payload.ServerFiles) await target.UploadAsync(file, $"{staging}/{Path.GetFileName(file)}", cancellationToken);
            var password = $"{staging}/pg-password";
            var credentials = $"{staging}/s3-credentials";
            if (engines.PostgresPasswordFile is { } passwordFile) await CopySecretAsync(target, passwordFile, password, cancellationToken);
            if (engines.S3CredentialsFile is { } credentialsFile) await CopySecretAsync(target, credentialsFile, credentials, cancellationToken);
            var config = RegistryConfig.RenderEngineCheck($"{staging}/data", engines, password, credentials);
            await target.WriteFileAsync($"{staging}/config.yaml", config, "0600", null, sudo: false, cancellationToken);
            var server = Shell.Quote($"{staging}/{InstallLayout.BinaryName}");
            var check = await target.RunAsync($"chmod 0700 {server} && {server} check-engines --config {Shell.Quote($"{staging}/config.yaml")}",
                cancellationToken: cancellationToken);
            foreach (var line in Lines(check.StandardOutput)) context.Reporter.Detail(line);
            if (check.Succeeded) return;
            if (check.ExitCode is 126 or 127)
            {
                throw new InstallerException($"cannot run the server from {staging} on the target ({check.StandardError.Trim()}); "
                    + "if its file system is mounted noexec, point TMPDIR of the login user at one that is not");
            }
            var problems = Lines(check.StandardError).Select(line => $"{FlagOf(line)}: {line}").ToList();
            if (problems.Count == 0) problems.Add($"{EngineFiles.PostgresFlag}/{EngineFiles.S3Flag}: the check on the target failed with exit code {check.ExitCode}");
            throw new InstallerException(string.Join('\n', problems));
        }
        finally
        {
            await target.RunAsync($"rm -rf {Shell.Quote(staging)}", cancellationToken: CancellationToken.None);
        }
    }

    private static async Task CopySecretAsync(ITarget target, string localFile, string remotePath, CancellationToken cancellationToken) =>
        await target.WriteFileAsync(remotePath, await File.ReadAllTextAsync(localFile, cancellationToken), "0600", null, sudo: false, cancellationToken);

    /// <summary>The server names the setting (metadata.*, storage.s3.*); the operator gave it through one of our flags.</summary>
    private static string FlagOf(string problem) => problem.StartsWith("metadata.", StringComparison.Ordinal) ? EngineFiles.PostgresFlag : EngineFiles.S3Flag;

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
