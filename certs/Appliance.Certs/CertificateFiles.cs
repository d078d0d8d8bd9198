using System.Security.Cryptography.X509Certificates;

namespace Appliance.Certs;

/// <summary>
/// The appliance's certificate directory, laid out like mirror-registry's quay-rootCA and
/// quay-config so existing instructions (copy ca.crt to clients) keep working.
/// </summary>
public sealed class CertificateFiles
{
    public const string CaCertificateFileName = "ca.crt";
    public const string CaKeyFileName = "ca.key";
    public const string ServerCertificateFileName = "ssl.crt";
    public const string ServerKeyFileName = "ssl.key";

    public CertificateFiles(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    public string CaCertificatePath => Path.Combine(Directory, CaCertificateFileName);

    public string CaKeyPath => Path.Combine(Directory, CaKeyFileName);

    public string ServerCertificatePath => Path.Combine(Directory, ServerCertificateFileName);

    public string ServerKeyPath => Path.Combine(Directory, ServerKeyFileName);

    public bool HasCertificateAuthority => File.Exists(CaCertificatePath) && File.Exists(CaKeyPath);

    public bool HasServerCertificate => File.Exists(ServerCertificatePath) && File.Exists(ServerKeyPath);

    public void WriteCertificateAuthority(CertificateAuthority authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        // Key first: a certificate on disk without its key would look like a usable CA.
        PemFiles.WriteAtomically(CaKeyPath, PemFiles.PrivateKeyToPem(authority.Certificate), PemFiles.PrivateMode);
        PemFiles.WriteAtomically(CaCertificatePath, PemFiles.ToPem([authority.Certificate]), PemFiles.PublicMode);
    }

    /// <summary>
    /// Writes the server key and the chain (server certificate followed by the CA) so clients that
    /// were given only the CA, or nothing but the system store plus the CA, can build the chain.
    /// </summary>
    public void WriteServerCertificate(X509Certificate2 serverCertificate, X509Certificate2 issuerCertificate)
    {
        ArgumentNullException.ThrowIfNull(serverCertificate);
        ArgumentNullException.ThrowIfNull(issuerCertificate);
        PemFiles.WriteAtomically(ServerKeyPath, PemFiles.PrivateKeyToPem(serverCertificate), PemFiles.PrivateMode);
        PemFiles.WriteAtomically(ServerCertificatePath, PemFiles.ToPem([serverCertificate, issuerCertificate]), PemFiles.PublicMode);
    }

    public CertificateAuthority LoadCertificateAuthority() =>
        CertificateAuthority.LoadFromPemFiles(CaCertificatePath, CaKeyPath);

    /// <summary>The server (leaf) certificate with its private key.</summary>
    public X509Certificate2 LoadServerCertificate() =>
        X509Certificate2.CreateFromPemFile(ServerCertificatePath, ServerKeyPath);

    /// <summary>Every certificate in ssl.crt: the leaf, then its issuers.</summary>
    public X509Certificate2Collection LoadServerCertificateChain() =>
        PemFiles.ReadCertificates(ServerCertificatePath);
}
