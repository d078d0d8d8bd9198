using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Installer.Tests;

/// <summary>Certificates a user might bring: issued by a CA of their own, or broken on purpose.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("mirror-registry-certs-");
    private readonly X509Certificate2 ca;
    private readonly RSA caKey = RSA.Create(2048);

    public TestCertificates()
    {
        var request = new CertificateRequest("CN=Test CA of the user", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
        CaFile = Write("user-ca.crt", ca.ExportCertificatePem());
    }

    public string CaFile { get; }

    /// <summary>A server certificate for <paramref name="names"/> (plus 127.0.0.1) issued by the user's CA; returns (cert, key) files.</summary>
    public (string Certificate, string Key) Issue(string label, params string[] names) => Issue(label, names, RSA.Create(2048));

    /// <summary>A certificate whose key file holds a different key: the pair cannot work.</summary>
    public (string Certificate, string Key) MismatchedPair(string name)
    {
        var (certificate, _) = Issue("mismatched", name);
        using var otherKey = RSA.Create(2048);
        return (certificate, Write("mismatched-other.key", otherKey.ExportPkcs8PrivateKeyPem()));
    }

    private (string, string) Issue(string label, string[] names, RSA key)
    {
        using (key)
        {
            var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in names) san.AddDnsName(name);
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90), RandomNumberGenerator.GetBytes(16));
            return (Write($"{label}.crt", certificate.ExportCertificatePem() + "\n" + ca.ExportCertificatePem()), Write($"{label}.key", key.ExportPkcs8PrivateKeyPem()));
        }
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllText(path, pem + "\n");
        return path;
    }

    public void Dispose()
    {
        ca.Dispose();
        caKey.Dispose();
        directory.Delete(recursive: true);
    }
}
