using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Certs.Tests;

/// <summary>Builds arbitrary certificates (including broken ones) that the library itself would never issue.</summary>
internal static class TestCertificates
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string AnyExtendedKeyUsage = "2.5.29.37.0";

    public static X509Certificate2 CreateRoot(string commonName) => CreateCa(commonName, issuer: null);

    public static X509Certificate2 CreateIntermediate(string commonName, X509Certificate2 issuer) => CreateCa(commonName, issuer);

    /// <summary>
    /// An ECDSA leaf; self-signed when <paramref name="issuer"/> is null. The issuer is used as a raw
    /// signer, without the CA checks CertificateRequest.Create(issuer) makes, so broken chains can be built.
    /// </summary>
    public static X509Certificate2 CreateLeaf(
        X509Certificate2? issuer,
        IEnumerable<string> dnsNames,
        IEnumerable<IPAddress>? ipAddresses = null,
        string extendedKeyUsage = ServerAuth,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        X509KeyUsageFlags keyUsage = X509KeyUsageFlags.DigitalSignature)
    {
        var names = dnsNames.ToList();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={(names.Count > 0 ? names[0] : "leaf")}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForEndEntity());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedKeyUsage)], critical: false));
        var sans = new SubjectAlternativeNameBuilder();
        names.ForEach(sans.AddDnsName);
        foreach (var address in ipAddresses ?? [])
        {
            sans.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(sans.Build());
        var from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        var to = notAfter ?? DateTimeOffset.UtcNow.AddDays(90);
        if (issuer is null)
        {
            return request.CreateSelfSigned(from, to);
        }

        using var issuerKey = issuer.GetECDsaPrivateKey()!;
        using var unkeyed = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), from, to, Serial());
        return unkeyed.CopyWithPrivateKey(key);
    }

    /// <summary>Writes the leaf followed by <paramref name="chain"/> as PEM, and the leaf's key as PKCS#8 PEM.</summary>
    public static void WritePair(string certificatePath, string keyPath, X509Certificate2 leaf, params X509Certificate2[] chain)
    {
        File.WriteAllText(certificatePath, string.Concat(new[] { leaf }.Concat(chain).Select(c => c.ExportCertificatePem() + "\n")));
        File.WriteAllText(keyPath, PemFiles.PrivateKeyToPem(leaf));
    }

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    private static X509Certificate2 CreateCa(string commonName, X509Certificate2? issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var notBefore = DateTimeOffset.UtcNow.AddDays(-2);
        var notAfter = DateTimeOffset.UtcNow.AddYears(1);
        if (issuer is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        using var unkeyed = request.Create(issuer, notBefore, notAfter, Serial());
        return unkeyed.CopyWithPrivateKey(key);
    }
}
