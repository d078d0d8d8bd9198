using Appliance.Core.Audit;
using Appliance.Registry.Audit;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Appliance.Certs;
using Appliance.Registry.Configuration;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Tls;

/// <summary>
/// The certificate new TLS connections get. Generates a local CA and server certificate on first
/// start, and picks up replaced ssl.crt/ssl.key files without a restart: connections already open
/// keep theirs, new ones see the new certificate. A replacement that does not load, does not match
/// its key or has expired is refused with an error and the old certificate keeps serving.
/// </summary>
public sealed class ServerCertificateProvider : IDisposable
{
    private static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);
    private readonly TlsOptions _options;
    private readonly ILogger<ServerCertificateProvider> _logger;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _poll;
    private string? _loadedFingerprint;
    private SslStreamCertificateContext? _context;

    private readonly AuditTrail _audit;

    public ServerCertificateProvider(IOptions<TlsOptions> options, IOptions<StorageOptions> storage, ILogger<ServerCertificateProvider> logger,
        TimeProvider clock, AuditTrail audit)
    {
        _audit = audit;
        _options = options.Value;
        _logger = logger;
        _clock = clock;
        Files = new CertificateFiles(_options.Directory ?? Path.Combine(Path.GetFullPath(storage.Value.DataDirectory), "tls"));
    }

    public CertificateFiles Files { get; }

    public SslStreamCertificateContext Current => _context ?? throw new InvalidOperationException("TLS has not been initialized");

    public bool IsInitialized => _context is not null;

    public CertificateInfo CurrentInfo => CertificateInfo.FromCertificate(Current.TargetCertificate, _clock.GetUtcNow());

    /// <summary>Creates what is missing (CA, server certificate), loads it, and starts watching for replacements.</summary>
    public void Initialize()
    {
        if (!Files.HasServerCertificate) Generate();
        if (!TryReload()) throw new InvalidDataException($"the TLS certificate in {Files.Directory} cannot be used; see the log above");
        _watcher = new FileSystemWatcher(Files.Directory) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
        _watcher.Changed += (_, _) => TryReload();
        _watcher.Renamed += (_, _) => TryReload();
        _watcher.Created += (_, _) => TryReload();
        _watcher.EnableRaisingEvents = true;
        // File events are not delivered on every filesystem (overlays, some network mounts): poll as well.
        var interval = TimeSpan.FromSeconds(Math.Max(1, _options.ReloadCheckSeconds));
        _poll = _clock.CreateTimer(_ => TryReload(), null, interval, interval);
    }

    /// <summary>Loads ssl.crt/ssl.key if they changed since the last load; false when they cannot be used.</summary>
    public bool TryReload()
    {
        lock (_gate)
        {
            var fingerprint = FilesFingerprint();
            if (_context is not null && fingerprint == _loadedFingerprint) return true;
            try
            {
                var chain = Files.LoadServerCertificateChain();
                var leaf = Files.LoadServerCertificate();
                var info = CertificateInfo.FromCertificate(leaf, _clock.GetUtcNow());
                if (info.IsExpired) throw new InvalidDataException($"it expired on {info.NotAfter:u}");
                var context = SslStreamCertificateContext.Create(leaf, new X509Certificate2Collection(chain.Skip(1).ToArray()), offline: true);
                var replaced = _context is not null;
                _context = context;
                _loadedFingerprint = fingerprint;
                LogLoaded(info, replaced);
                if (replaced)
                {
                    _audit.Record(AuditActions.CertificateChange, null, null,
                        detail: $"now serving serial {info.SerialNumber} for {string.Join(", ", info.DnsNames.Concat(info.IPAddresses.Select(a => a.ToString())))}, valid until {info.NotAfter:u}");
                }
                return true;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Security.Cryptography.CryptographicException
                                          or ArgumentException or UnauthorizedAccessException)
            {
                // Key and certificate are replaced one after the other; the next change or poll retries the pair.
                _logger.LogError("The TLS certificate in {Directory} cannot be used ({Reason}); {Action}", Files.Directory, e.Message,
                    _context is null ? "not serving HTTPS" : "still serving the previous certificate");
                return false;
            }
        }
    }

    private void Generate()
    {
        var request = ServerCertificateNames.For(_options);
        using var authority = Files.HasCertificateAuthority ? Files.LoadCertificateAuthority() : CertificateAuthority.Create();
        if (!Files.HasCertificateAuthority) Files.WriteCertificateAuthority(authority);
        using var certificate = authority.IssueServerCertificate(request);
        Files.WriteServerCertificate(certificate, authority.Certificate);
        _logger.LogInformation("Generated a TLS certificate for {Names} and {Addresses}; clients trust {CaFile}",
            request.HostNames, request.IPAddresses.Select(a => a.ToString()), Files.CaCertificatePath);
    }

    private void LogLoaded(CertificateInfo info, bool replaced)
    {
        _logger.LogInformation("{Action} TLS certificate {Serial} for {Names} valid until {NotAfter:u}",
            replaced ? "Switched to" : "Serving", info.SerialNumber, info.DnsNames.Concat(info.IPAddresses.Select(a => a.ToString())), info.NotAfter);
        if (info.ExpiresWithin(ExpiryWarning))
        {
            _logger.LogWarning("The TLS certificate expires in {Days} days ({NotAfter:u}); renew it with 'mirror-registry certs renew'",
                info.DaysUntilExpiry, info.NotAfter);
        }
    }

    /// <summary>A hash of both files' contents: replacements are noticed even when they keep the old timestamps.</summary>
    private string? FilesFingerprint()
    {
        try
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            hash.AppendData(File.ReadAllBytes(Files.ServerCertificatePath));
            hash.AppendData(File.ReadAllBytes(Files.ServerKeyPath));
            return Convert.ToHexString(hash.GetHashAndReset());
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _poll?.Dispose();
    }
}
