using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Certs;

/// <summary>Key generation and key-type dispatch shared by the CA and the file writer.</summary>
internal static class CertificateKeys
{
    /// <summary>A subject with only a CN; the builder escapes characters a plain string would misparse.</summary>
    public static X500DistinguishedName CommonNameSubject(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        return builder.Build();
    }

    public static AsymmetricAlgorithm Create(CertificateKeyType keyType) => keyType switch
    {
        CertificateKeyType.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        CertificateKeyType.Rsa3072 => RSA.Create(3072),
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Unsupported key type."),
    };

    public static CertificateRequest CreateRequest(X500DistinguishedName subject, AsymmetricAlgorithm key) => key switch
    {
        ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256),
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        _ => throw new ArgumentException($"Unsupported key algorithm {key.GetType().Name}.", nameof(key)),
    };

    public static X509Certificate2 AttachPrivateKey(X509Certificate2 certificate, AsymmetricAlgorithm key) => key switch
    {
        ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
        RSA rsa => certificate.CopyWithPrivateKey(rsa),
        _ => throw new ArgumentException($"Unsupported key algorithm {key.GetType().Name}.", nameof(key)),
    };

    /// <summary>The private key of <paramref name="certificate"/>; throws when it has none.</summary>
    public static AsymmetricAlgorithm GetPrivateKey(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey()
        ?? certificate.GetRSAPrivateKey()
        ?? throw new InvalidOperationException($"Certificate '{certificate.Subject}' has no RSA or ECDSA private key.");

    public static CertificateKeyType GetKeyType(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        return rsa is null ? CertificateKeyType.EcdsaP256 : CertificateKeyType.Rsa3072;
    }

    /// <summary>Signature generator for the issuer's key; PKCS#1 v1.5 for RSA because every TLS client verifies it.</summary>
    public static X509SignatureGenerator CreateSignatureGenerator(AsymmetricAlgorithm issuerKey) => issuerKey switch
    {
        ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        _ => throw new ArgumentException($"Unsupported key algorithm {issuerKey.GetType().Name}.", nameof(issuerKey)),
    };

    /// <summary>A random positive 16-byte serial, as CAs must not issue predictable serials.</summary>
    public static byte[] CreateSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        // Clear the sign bit so the DER INTEGER is positive, and set the next one so the
        // encoding keeps all 16 bytes (a leading zero byte would be stripped).
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}
