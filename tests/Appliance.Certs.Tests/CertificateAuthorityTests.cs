using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Certs.Tests;

public sealed class CertificateAuthorityTests
{
    private static readonly ServerCertificateRequest RegistryRequest = new(
        ["registry.example.com", "registry"], [IPAddress.Parse("127.0.0.1"), IPAddress.IPv6Loopback]);

    [Theory]
    [InlineData(CertificateKeyType.EcdsaP256)]
    [InlineData(CertificateKeyType.Rsa3072)]
    public void Creates_a_ten_year_root_ca_with_ca_extensions(CertificateKeyType keyType)
    {
        using var authority = CertificateAuthority.Create(keyType);
        var ca = authority.Certificate;

        Assert.StartsWith("CN=Appliance Mirror Registry CA ", ca.Subject, StringComparison.Ordinal);
        Assert.Equal(ca.Subject, ca.Issuer);
        Assert.True(ca.HasPrivateKey);
        Assert.Equal(keyType == CertificateKeyType.Rsa3072, ca.GetRSAPublicKey() is not null);

        var constraints = Assert.Single(ca.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        var keyUsage = Assert.Single(ca.Extensions.OfType<X509KeyUsageExtension>());
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, keyUsage.KeyUsages);
        Assert.True(keyUsage.Critical);
        Assert.Single(ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>());

        var now = DateTime.UtcNow;
        Assert.InRange(ca.NotBefore.ToUniversalTime(), now.AddMinutes(-10), now.AddSeconds(-60));
        Assert.InRange((ca.NotAfter - ca.NotBefore).TotalDays, 3649, 3651);
    }

    [Fact]
    public void Each_ca_gets_a_distinct_subject()
    {
        using var first = CertificateAuthority.Create();
        using var second = CertificateAuthority.Create();

        Assert.NotEqual(first.Certificate.Subject, second.Certificate.Subject);
    }

    [Theory]
    [InlineData(CertificateKeyType.EcdsaP256, CertificateKeyType.EcdsaP256)]
    [InlineData(CertificateKeyType.EcdsaP256, CertificateKeyType.Rsa3072)]
    [InlineData(CertificateKeyType.Rsa3072, CertificateKeyType.EcdsaP256)]
    [InlineData(CertificateKeyType.Rsa3072, CertificateKeyType.Rsa3072)]
    public void Issues_a_server_certificate_covering_every_name_and_address(CertificateKeyType caKeyType, CertificateKeyType leafKeyType)
    {
        using var authority = CertificateAuthority.Create(caKeyType);
        using var leaf = authority.IssueServerCertificate(RegistryRequest with { KeyType = leafKeyType });

        Assert.Equal("CN=registry.example.com", leaf.Subject);
        Assert.Equal(authority.Certificate.Subject, leaf.Issuer);
        Assert.True(leaf.HasPrivateKey);
        Assert.Equal(leafKeyType == CertificateKeyType.Rsa3072, leaf.GetRSAPrivateKey() is not null);

        var sans = Assert.Single(leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["registry.example.com", "registry"], sans.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("127.0.0.1"), IPAddress.IPv6Loopback], sans.EnumerateIPAddresses());

        var eku = Assert.Single(leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], eku.EnhancedKeyUsages.Cast<Oid>().Select(oid => oid.Value));
        var expectedUsage = leafKeyType == CertificateKeyType.Rsa3072
            ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
            : X509KeyUsageFlags.DigitalSignature;
        Assert.Equal(expectedUsage, Assert.Single(leaf.Extensions.OfType<X509KeyUsageExtension>()).KeyUsages);
        Assert.False(Assert.Single(leaf.Extensions.OfType<X509BasicConstraintsExtension>()).CertificateAuthority);

        var caKeyId = Assert.Single(authority.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>()).SubjectKeyIdentifierBytes;
        var authorityKeyId = Assert.Single(leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>()).KeyIdentifier;
        Assert.True(authorityKeyId.HasValue);
        Assert.Equal(caKeyId.ToArray(), authorityKeyId.Value.ToArray());

        var serial = leaf.SerialNumberBytes.ToArray();
        Assert.Equal(16, serial.Length);
        Assert.True(new BigInteger(serial, isUnsigned: false, isBigEndian: true) > 0);

        Assert.InRange((leaf.NotAfter - leaf.NotBefore).TotalDays, 729.9, 730.1);
        AssertChainsTo(leaf, authority.Certificate);
    }

    [Fact]
    public void Serial_numbers_differ_between_issued_certificates()
    {
        using var authority = CertificateAuthority.Create();
        using var first = authority.IssueServerCertificate(RegistryRequest);
        using var second = authority.IssueServerCertificate(RegistryRequest);

        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
    }

    [Fact]
    public void Uses_the_first_ip_address_as_common_name_when_there_are_no_host_names()
    {
        using var authority = CertificateAuthority.Create();
        using var leaf = authority.IssueServerCertificate(new ServerCertificateRequest([], [IPAddress.Parse("10.1.2.3")]));

        Assert.Equal("CN=10.1.2.3", leaf.Subject);
        Assert.Empty(CertificateInfo.FromCertificate(leaf).DnsNames);
    }

    [Fact]
    public void Honours_a_custom_validity()
    {
        using var authority = CertificateAuthority.Create();
        using var leaf = authority.IssueServerCertificate(RegistryRequest with { Validity = TimeSpan.FromDays(90) });

        Assert.InRange((leaf.NotAfter - leaf.NotBefore).TotalDays, 89.9, 90.1);
    }

    [Fact]
    public void Rejects_an_ip_address_passed_as_a_host_name()
    {
        using var authority = CertificateAuthority.Create();

        var error = Assert.Throws<ArgumentException>(() =>
            authority.IssueServerCertificate(new ServerCertificateRequest(["192.168.1.10"], [])));
        Assert.Contains("192.168.1.10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_request_without_any_name()
    {
        using var authority = CertificateAuthority.Create();

        Assert.Throws<ArgumentException>(() => authority.IssueServerCertificate(new ServerCertificateRequest([], [])));
    }

    [Fact]
    public void Refuses_to_load_a_certificate_that_is_not_a_ca()
    {
        using var directory = new TempDirectory();
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"]);
        TestCertificates.WritePair(directory.File("ca.crt"), directory.File("ca.key"), leaf);

        var error = Assert.Throws<InvalidDataException>(() =>
            CertificateAuthority.LoadFromPemFiles(directory.File("ca.crt"), directory.File("ca.key")));
        Assert.Contains("not a CA certificate", error.Message, StringComparison.Ordinal);
    }

    internal static void AssertChainsTo(X509Certificate2 leaf, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));

        var built = chain.Build(leaf);

        Assert.True(built, string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation)));
        Assert.Equal(2, chain.ChainElements.Count);
        Assert.Equal(root.Thumbprint, chain.ChainElements[^1].Certificate.Thumbprint);
    }
}
