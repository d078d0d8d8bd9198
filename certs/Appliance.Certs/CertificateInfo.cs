using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Certs;

/// <summary>A certificate summary for <c>certs show</c> and health output, evaluated at <see cref="AsOf"/>.</summary>
public sealed record CertificateInfo(
    string Subject,
    string Issuer,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<IPAddress> IPAddresses,
    DateTimeOffset AsOf)
{
    /// <summary>Whole days left; negative once expired.</summary>
    public int DaysUntilExpiry => (int)Math.Floor((NotAfter - AsOf).TotalDays);

    public bool IsExpired => AsOf > NotAfter;

    /// <summary>True when the certificate expires within <paramref name="window"/> of <see cref="AsOf"/> (or already has).</summary>
    public bool ExpiresWithin(TimeSpan window) => NotAfter - AsOf <= window;

    public static CertificateInfo FromCertificate(X509Certificate2 certificate) =>
        FromCertificate(certificate, DateTimeOffset.UtcNow);

    public static CertificateInfo FromCertificate(X509Certificate2 certificate, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new CertificateInfo(
            certificate.Subject,
            certificate.Issuer,
            certificate.SerialNumber,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime()),
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
            SubjectAlternativeNames.DnsNames(certificate),
            SubjectAlternativeNames.IPAddresses(certificate),
            asOf);
    }
}
