using Appliance.Certs;
using Appliance.Core.Releases;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Tls;

/// <summary>
/// The host names and addresses that mean "this registry" in an image reference: every name and address in the served
/// certificate, plus the names a generated certificate would get (configured or this host's), so a reference written
/// for clients (<c>registry.example.com:8443/ocp4/...</c>) is recognised as local.
/// </summary>
public sealed class RegistryNames(IOptions<TlsOptions> tls, ServerCertificateProvider certificates)
{
    private readonly Lazy<HashSet<string>> _defaults = new(() =>
    {
        var request = ServerCertificateNames.For(tls.Value);
        return request.HostNames.Concat(request.IPAddresses.Select(a => a.ToString())).Select(ImageReference.CanonicalHostName).ToHashSet();
    });

    /// <summary>True when <paramref name="hostName"/> (canonical: no port, lower case) names this registry.</summary>
    public bool Includes(string hostName) => _defaults.Value.Contains(hostName) || CertificateNames().Contains(hostName);

    /// <summary>Read from the files each time, so a replaced certificate counts at once, also in offline commands.</summary>
    private HashSet<string> CertificateNames()
    {
        if (!certificates.Files.HasServerCertificate) return [];
        try
        {
            var info = CertificateInfo.FromCertificate(certificates.Files.LoadServerCertificate());
            return info.DnsNames.Concat(info.IPAddresses.Select(a => a.ToString())).Select(ImageReference.CanonicalHostName).ToHashSet();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Security.Cryptography.CryptographicException)
        {
            return [];
        }
    }
}
