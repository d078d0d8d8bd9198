using Appliance.Certs;
using Appliance.Core.Tls;
using Appliance.Registry.Hosting;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Tls;

/// <summary>
/// Keeps a replica's TLS directory in step with the copy in the shared database, so every replica behind the balancer
/// presents the same certificate. The files stay what the registry serves, watches and what <c>certs</c> edits; this
/// only copies: the first replica's files seed the shared copy, a replica joining later takes it instead of generating
/// its own, a certificate replaced on any replica is published once it loads, and the others write it into their own
/// directory within <see cref="SharedStatePolling.Interval"/>, where the hot reload picks it up. On a conflict at start
/// the shared copy wins, so a replica that was down during a replacement does not bring the old certificate back.
/// </summary>
public sealed class SharedCertificateSync(ISharedCertificateStore store, ServerCertificateProvider certificates, IOptions<TlsOptions> tls,
    ILogger<SharedCertificateSync> logger) : BackgroundService
{
    private long _generation;
    private CertificatePems? _synced;

    private CertificateFiles Files => certificates.Files;

    /// <summary>Before the certificate is loaded: writes the shared copy, if there is one, into the TLS directory.</summary>
    public async Task TakeSharedAsync(CancellationToken cancellationToken)
    {
        if (await store.ReadNewerThanAsync(0, cancellationToken) is { } shared) Take(shared);
    }

    /// <summary>After the certificate is loaded (and generated if missing): seeds the shared copy, or takes the one another replica seeded first.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var local = ReadFiles() ?? throw new InvalidDataException($"no certificate in {Files.Directory} to share");
        var shared = await store.SeedAsync(local, cancellationToken);
        if (shared.Pems == local) Remember(shared);
        else
        {
            Take(shared);
            certificates.TryReload();
        }
    }

    /// <summary>Publishes the files <c>certs renew|replace</c> just wrote, if they load; false when they do not.</summary>
    public async Task<bool> PublishLocalAsync(CancellationToken cancellationToken)
    {
        if (ReadFiles() is not { } local || !certificates.TryReload()) return false;
        Remember(await store.PublishAsync(local, cancellationToken));
        return true;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        tls.Value.Enabled ? SharedStatePolling.RunAsync(SyncAsync, logger, "TLS certificate", stoppingToken) : Task.CompletedTask;

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        var local = ReadFiles();
        if (local is not null && local != _synced)
        {
            // Changed here: shared only once it loads, so a key written without its certificate yet is never published.
            if (certificates.TryReload())
            {
                Remember(await store.PublishAsync(local, cancellationToken));
                logger.LogInformation("Published the TLS certificate in {Directory} to the other replicas", Files.Directory);
            }
            return;
        }
        if (await store.ReadNewerThanAsync(_generation, cancellationToken) is { } shared)
        {
            Take(shared);
            certificates.TryReload();
        }
    }

    /// <summary>Writes the shared copy as <c>certs replace</c> does: each file atomically, keys before their certificates.</summary>
    private void Take(SharedCertificate shared)
    {
        var pems = shared.Pems;
        if (pems.CaKey is not null) PemFiles.WriteAtomically(Files.CaKeyPath, pems.CaKey, PemFiles.PrivateMode);
        if (pems.CaCertificate is not null) PemFiles.WriteAtomically(Files.CaCertificatePath, pems.CaCertificate, PemFiles.PublicMode);
        PemFiles.WriteAtomically(Files.ServerKeyPath, pems.ServerKey, PemFiles.PrivateMode);
        PemFiles.WriteAtomically(Files.ServerCertificatePath, pems.ServerCertificate, PemFiles.PublicMode);
        Remember(shared);
    }

    private void Remember(SharedCertificate shared)
    {
        _generation = shared.Generation;
        _synced = shared.Pems;
    }

    /// <summary>The TLS directory's files, or null while the server certificate or key is missing.</summary>
    private CertificatePems? ReadFiles()
    {
        try
        {
            if (!Files.HasServerCertificate) return null;
            return new CertificatePems(ReadIfPresent(Files.CaCertificatePath), ReadIfPresent(Files.CaKeyPath),
                File.ReadAllText(Files.ServerCertificatePath), File.ReadAllText(Files.ServerKeyPath));
        }
        catch (FileNotFoundException)
        {
            return null; // Replaced between the check and the read; the next poll sees the new file.
        }
    }

    private static string? ReadIfPresent(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
}
