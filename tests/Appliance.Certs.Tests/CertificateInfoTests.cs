using System.Net;

namespace Appliance.Certs.Tests;

public sealed class CertificateInfoTests
{
    [Fact]
    public void Summarises_subject_issuer_serial_dates_and_names()
    {
        using var authority = CertificateAuthority.Create();
        using var leaf = authority.IssueServerCertificate(
            new ServerCertificateRequest(["registry.example.com", "registry"], [IPAddress.Parse("10.0.0.5")]));

        var info = CertificateInfo.FromCertificate(leaf);

        Assert.Equal("CN=registry.example.com", info.Subject);
        Assert.Equal(authority.Certificate.Subject, info.Issuer);
        Assert.Equal(leaf.SerialNumber, info.SerialNumber);
        Assert.Matches("^[0-9A-F]{32}$", info.SerialNumber);
        Assert.Equal(["registry.example.com", "registry"], info.DnsNames);
        Assert.Equal([IPAddress.Parse("10.0.0.5")], info.IPAddresses);
        Assert.Equal(leaf.NotAfter.ToUniversalTime(), info.NotAfter.UtcDateTime);
        Assert.InRange(info.DaysUntilExpiry, 729, 730);
        Assert.False(info.IsExpired);
    }

    [Fact]
    public void Expiry_warning_window_is_measured_from_the_evaluation_time()
    {
        using var authority = CertificateAuthority.Create();
        using var leaf = authority.IssueServerCertificate(new ServerCertificateRequest(["registry.example.com"], []));
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime());

        var fresh = CertificateInfo.FromCertificate(leaf);
        var nearlyDue = CertificateInfo.FromCertificate(leaf, notAfter.AddDays(-10));
        var expired = CertificateInfo.FromCertificate(leaf, notAfter.AddDays(2));

        Assert.False(fresh.ExpiresWithin(TimeSpan.FromDays(30)));
        Assert.True(nearlyDue.ExpiresWithin(TimeSpan.FromDays(30)));
        Assert.False(nearlyDue.ExpiresWithin(TimeSpan.FromDays(5)));
        Assert.Equal(10, nearlyDue.DaysUntilExpiry);
        Assert.True(expired.IsExpired);
        Assert.True(expired.ExpiresWithin(TimeSpan.FromDays(30)));
        Assert.Equal(-2, expired.DaysUntilExpiry);
    }
}
