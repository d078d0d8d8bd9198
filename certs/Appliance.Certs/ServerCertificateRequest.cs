using System.Net;

namespace Appliance.Certs;

/// <summary>What a server certificate must cover and how long it lives.</summary>
/// <param name="HostNames">DNS names, used exactly as given (see <see cref="Certs.HostNames.Expand"/> to add short names).</param>
/// <param name="IPAddresses">Addresses clients may connect to by IP; each becomes an IP SAN.</param>
public sealed record ServerCertificateRequest(IReadOnlyList<string> HostNames, IReadOnlyList<IPAddress> IPAddresses)
{
    /// <summary>Two years: long enough for an air-gapped appliance, short enough for client policies.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(730);

    public TimeSpan Validity { get; init; } = DefaultValidity;

    public CertificateKeyType KeyType { get; init; } = CertificateKeyType.EcdsaP256;

    /// <summary>Subject CN: clients ignore it in favour of SANs, but humans read it.</summary>
    internal string CommonName => HostNames.Count > 0 ? HostNames[0] : IPAddresses[0].ToString();

    internal void EnsureValid()
    {
        ArgumentNullException.ThrowIfNull(HostNames);
        ArgumentNullException.ThrowIfNull(IPAddresses);
        if (HostNames.Count == 0 && IPAddresses.Count == 0)
        {
            throw new ArgumentException("A server certificate needs at least one host name or IP address.");
        }

        foreach (var name in HostNames)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("Host names must not be blank.");
            }

            // An IP literal in a DNS SAN is never matched by clients, so it would silently not work.
            if (IPAddress.TryParse(name, out _))
            {
                throw new ArgumentException($"'{name}' is an IP address; pass it in IPAddresses so it becomes an IP SAN.");
            }
        }

        if (Validity <= TimeSpan.Zero)
        {
            throw new ArgumentException("Validity must be positive.");
        }
    }
}
