using Appliance.Installer.Installation;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>
/// Installs the supplied certificate (already validated by preflight) through the server's <c>certs replace</c>,
/// or shows the one the server generated for the configured names.
/// </summary>
public sealed class CertificatesStep(string? certificate, string? key, string quayHost, bool skipNameCheck) : IStep
{
    public string Title => certificate is null ? "Check the generated TLS certificate" : "Install the supplied TLS certificate";

    public Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var output = certificate is null || key is null
            ? (await context.RunRegistryAsync("certs show", cancellationToken)).EnsureSuccess("certs show")
            : await ReplaceAsync(context, certificate, key, quayHost, skipNameCheck, cancellationToken);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries)) context.Reporter.Detail(line);
    }

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Uploads the pair next to the served files (same owner, mode 0600), lets the server swap them in atomically, and removes the copies.</summary>
    public static async Task<string> ReplaceAsync(StepContext context, string certificate, string key, string quayHost, bool skipNameCheck,
        CancellationToken cancellationToken)
    {
        var staging = (await context.Target.RunAsync("mktemp -d", cancellationToken: cancellationToken)).EnsureSuccess("mktemp").Trim();
        var incoming = $"{context.Layout.DataDirectory}/tls/incoming-{Guid.NewGuid():N}";
        try
        {
            await context.Target.UploadAsync(certificate, $"{staging}/ssl.crt", cancellationToken);
            await context.Target.UploadAsync(key, $"{staging}/ssl.key", cancellationToken);
            var owner = context.Layout.InstallOwnerFlags;
            await context.RunCheckedAsync($"install -d -m 0700 {owner}{Shell.Quote(incoming)} && install -m 0600 {owner}{Shell.Quote(staging)}/ssl.crt {Shell.Quote(staging)}/ssl.key {Shell.Quote(incoming)}/",
                "staging the certificate", cancellationToken);
            var arguments = $"certs replace --sslCert {Shell.Quote(incoming + "/ssl.crt")} --sslKey {Shell.Quote(incoming + "/ssl.key")} --name {Shell.Quote(quayHost)}"
                + (skipNameCheck ? " --sslCheckSkip" : "");
            var result = await context.RunRegistryAsync(arguments, cancellationToken);
            return result.Succeeded ? result.StandardOutput : throw new InstallerException($"the registry refused the certificate: {result.StandardError.Trim()}");
        }
        finally
        {
            await context.Target.RunAsync($"rm -rf {Shell.Quote(staging)}", cancellationToken: CancellationToken.None);
            await context.RunAsync($"rm -rf {Shell.Quote(incoming)}", CancellationToken.None);
        }
    }
}
