using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Certs;

/// <summary>
/// The appliance's local root CA. Clients trust this one certificate, so server
/// certificates can be re-issued (renewed, names changed) without touching clients.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    public const string CommonNamePrefix = "Appliance Mirror Registry CA";

    internal const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    public static readonly TimeSpan Validity = TimeSpan.FromDays(3650);

    /// <summary>Back-dating absorbs clock skew between the appliance and its clients.</summary>
    internal static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    private CertificateAuthority(X509Certificate2 certificate)
    {
        Certificate = certificate;
    }

    /// <summary>The CA certificate, including its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Creates a new self-signed root CA valid for ten years.</summary>
    public static CertificateAuthority Create(CertificateKeyType keyType = CertificateKeyType.EcdsaP256)
    {
        // A random suffix keeps CAs from different appliances distinguishable in trust stores.
        var subject = CertificateKeys.CommonNameSubject(
            $"{CommonNamePrefix} {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        using var key = CertificateKeys.Create(keyType);
        var request = CertificateKeys.CreateRequest(subject, key);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority(pathLengthConstraint: 0));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        var notBefore = DateTimeOffset.UtcNow - Backdate;
        return new CertificateAuthority(request.CreateSelfSigned(notBefore, notBefore + Validity));
    }

    /// <summary>Loads a CA from a PEM certificate file and an unencrypted PEM private key file.</summary>
    /// <exception cref="InvalidDataException">The certificate is not a CA certificate.</exception>
    public static CertificateAuthority LoadFromPemFiles(string certificatePath, string keyPath)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (constraints is not { CertificateAuthority: true })
        {
            certificate.Dispose();
            throw new InvalidDataException($"'{certificatePath}' is not a CA certificate (basicConstraints CA:true is missing).");
        }

        return new CertificateAuthority(certificate);
    }

    /// <summary>
    /// Issues a server (TLS serverAuth) certificate signed by this CA, with a fresh key.
    /// The returned certificate carries its private key.
    /// </summary>
    public X509Certificate2 IssueServerCertificate(ServerCertificateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EnsureValid();

        using var key = CertificateKeys.Create(request.KeyType);
        var certificateRequest = CertificateKeys.CreateRequest(CertificateKeys.CommonNameSubject(request.CommonName), key);
        var extensions = certificateRequest.CertificateExtensions;
        extensions.Add(X509BasicConstraintsExtension.CreateForEndEntity(critical: true));
        extensions.Add(new X509KeyUsageExtension(LeafKeyUsage(request.KeyType), critical: true));
        extensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthenticationOid)], critical: false));
        extensions.Add(BuildSubjectAlternativeNames(request));
        extensions.Add(new X509SubjectKeyIdentifierExtension(certificateRequest.PublicKey, critical: false));
        extensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var notBefore = DateTimeOffset.UtcNow - Backdate;
        // A leaf outliving its issuer is rejected by clients, so cap it at the CA's expiry.
        var notAfter = Min(notBefore + request.Validity, new DateTimeOffset(Certificate.NotAfter.ToUniversalTime()));

        using var issuerKey = CertificateKeys.GetPrivateKey(Certificate);
        using var unkeyed = certificateRequest.Create(
            Certificate.SubjectName,
            CertificateKeys.CreateSignatureGenerator(issuerKey),
            notBefore,
            notAfter,
            CertificateKeys.CreateSerialNumber());
        return CertificateKeys.AttachPrivateKey(unkeyed, key);
    }

    public void Dispose() => Certificate.Dispose();

    private static X509KeyUsageFlags LeafKeyUsage(CertificateKeyType keyType) => keyType == CertificateKeyType.Rsa3072
        // keyEncipherment is needed for TLS 1.2 RSA key exchange; it has no meaning for ECDSA keys.
        ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
        : X509KeyUsageFlags.DigitalSignature;

    private static X509Extension BuildSubjectAlternativeNames(ServerCertificateRequest request)
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var hostName in request.HostNames)
        {
            builder.AddDnsName(hostName);
        }

        foreach (var address in request.IPAddresses)
        {
            builder.AddIpAddress(address);
        }

        return builder.Build(critical: false);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
