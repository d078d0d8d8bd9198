using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Certs;

/// <summary>Reads the DNS and IP entries of a certificate's subjectAltName extension.</summary>
internal static class SubjectAlternativeNames
{
    public static IReadOnlyList<string> DnsNames(X509Certificate2 certificate) =>
        Extension(certificate)?.EnumerateDnsNames().ToList() ?? [];

    public static IReadOnlyList<IPAddress> IPAddresses(X509Certificate2 certificate) =>
        Extension(certificate)?.EnumerateIPAddresses().ToList() ?? [];

    private static X509SubjectAlternativeNameExtension? Extension(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
}
