using System.Security.Cryptography.X509Certificates;

namespace Appliance.Certs.Tests;

public sealed class CertificateRenewalTests
{
    [Theory]
    [InlineData(CertificateKeyType.EcdsaP256)]
    [InlineData(CertificateKeyType.Rsa3072)]
    public void Renewal_keeps_names_issuer_and_key_type_with_a_new_serial_and_key(CertificateKeyType keyType)
    {
        using var directory = new TempDirectory();
        var files = CertificateFilesTests.WriteAll(directory.Path, keyType);
        using var before = files.LoadServerCertificate();
        var keyBefore = File.ReadAllText(files.ServerKeyPath);

        using var renewed = CertificateRenewal.RenewServerCertificate(files);
        using var after = files.LoadServerCertificate();
        using var ca = X509CertificateLoader.LoadCertificateFromFile(files.CaCertificatePath);

        Assert.Equal(renewed.Thumbprint, after.Thumbprint);
        Assert.NotEqual(before.SerialNumber, after.SerialNumber);
        Assert.NotEqual(keyBefore, File.ReadAllText(files.ServerKeyPath));
        Assert.Equal(before.Issuer, after.Issuer);
        Assert.Equal(before.Subject, after.Subject);
        var infoBefore = CertificateInfo.FromCertificate(before);
        var infoAfter = CertificateInfo.FromCertificate(after);
        Assert.Equal(infoBefore.DnsNames, infoAfter.DnsNames);
        Assert.Equal(infoBefore.IPAddresses, infoAfter.IPAddresses);
        Assert.Equal(keyType == CertificateKeyType.Rsa3072, after.GetRSAPublicKey() is not null);
        CertificateAuthorityTests.AssertChainsTo(after, ca);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.ServerKeyPath));
    }

    [Fact]
    public void Renewal_applies_the_requested_validity()
    {
        using var directory = new TempDirectory();
        var files = CertificateFilesTests.WriteAll(directory.Path, CertificateKeyType.EcdsaP256);

        using var renewed = CertificateRenewal.RenewServerCertificate(files, TimeSpan.FromDays(30));

        Assert.InRange((renewed.NotAfter - renewed.NotBefore).TotalDays, 29.9, 30.1);
    }
}
