using Appliance.Certs;
using Appliance.Installer.Steps;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Migrate;

/// <summary>
/// Quay's served certificate and key (ssl.cert is already the chain mirror-registry writes: leaf, then its CA) and the
/// CA clusters trust (rootCA.pem, with rootCA.key when there is one, so <c>certs renew</c> issues from it) become the
/// registry's tls files, copied on the target: the keys never leave it. The server finds them and generates nothing.
/// </summary>
public sealed class QuayCertificatesStep(QuayTakeover takeover) : IStep
{
    public string Title => "Take over Quay's certificate, key and CA";

    public Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var paths = takeover.Quay.Paths;
        var tls = $"{context.Layout.DataDirectory}/tls";
        var owner = context.Layout.InstallOwnerFlags;
        var copies = new List<(string Source, string Name, string Mode)>
        {
            (paths.ServerCertificate, CertificateFiles.ServerCertificateFileName, "0644"), (paths.ServerKey, CertificateFiles.ServerKeyFileName, "0600"),
        };
        var sudo = context.Layout.IsSystem;
        if (await context.Target.ExistsAsync(paths.CaCertificate, sudo, cancellationToken))
        {
            // Key before certificate: a CA certificate on disk without its key would look like a CA the server can issue from.
            if (await context.Target.ExistsAsync(paths.CaKey, sudo, cancellationToken)) copies.Add((paths.CaKey, CertificateFiles.CaKeyFileName, "0600"));
            copies.Add((paths.CaCertificate, CertificateFiles.CaCertificateFileName, "0644"));
        }
        var install = copies.Select(c => $"install -m {c.Mode} {owner}{Shell.Quote(c.Source)} {Shell.Quote($"{tls}/{c.Name}")}");
        await context.RunCheckedAsync($"install -d -m 0750 {owner}{Shell.Quote(tls)} && {string.Join(" && ", install)}", "copying Quay's certificates", cancellationToken);
        await context.RelabelAsync(tls, cancellationToken);
        context.Reporter.Ok($"{tls}: {string.Join(", ", copies.Select(c => $"{Path.GetFileName(c.Source)} -> {c.Name}"))}");
    }

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) =>
        context.RunCheckedAsync($"rm -rf {Shell.Quote($"{context.Layout.DataDirectory}/tls")}", "removing the certificates", cancellationToken);
}
