using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Appliance.Certs;

namespace Appliance.Registry.Tls;

/// <summary>
/// Every name and address clients may use to reach this host, so a generated certificate verifies
/// whether a cluster connects by FQDN, short name or IP (a known pain with FQDN-only certificates).
/// </summary>
public static class ServerCertificateNames
{
    public static ServerCertificateRequest For(TlsOptions options)
    {
        var hostNames = options.HostNames.Count > 0 ? options.HostNames : DefaultHostNames();
        var addresses = options.IpAddresses.Count > 0 ? options.IpAddresses.Select(IPAddress.Parse) : DefaultAddresses();
        return new ServerCertificateRequest(HostNames.Expand(hostNames), addresses.Distinct().ToList())
        {
            Validity = TimeSpan.FromDays(options.ValidityDays),
        };
    }

    private static List<string> DefaultHostNames()
    {
        var names = new List<string> { Dns.GetHostName(), "localhost" };
        try
        {
            names.Add(Dns.GetHostEntry(Dns.GetHostName()).HostName);
        }
        catch (SocketException)
        {
            // No resolvable FQDN on an isolated host: the short name and addresses still work.
        }
        return names.Where(n => !IPAddress.TryParse(n, out _)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static IEnumerable<IPAddress> DefaultAddresses() =>
        new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }.Concat(
            NetworkInterface.GetAllNetworkInterfaces()
                .Where(i => i.OperationalStatus == OperationalStatus.Up)
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .Where(a => !a.IsIPv6LinkLocal));
}
