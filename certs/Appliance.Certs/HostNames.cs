using System.Net;

namespace Appliance.Certs;

/// <summary>Host name helpers for building the name list of a server certificate.</summary>
public static class HostNames
{
    /// <summary>
    /// Returns the given host names followed by the short (first-label) form of every
    /// fully qualified name, so <c>registry.example.com</c> also yields <c>registry</c>.
    /// Users on the appliance's own network often pull by short name, and a certificate
    /// without it fails verification there. Names are lower-cased (DNS is case-insensitive),
    /// blanks and duplicates are dropped, IP literals are not shortened, and order is kept.
    /// </summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> hostNames)
    {
        ArgumentNullException.ThrowIfNull(hostNames);

        var given = hostNames
            .Select(name => name.Trim().TrimEnd('.').ToLowerInvariant())
            .Where(name => name.Length > 0)
            .ToList();

        var shortNames = given
            .Where(name => !IPAddress.TryParse(name, out _))
            .Select(name => name.Split('.')[0])
            .Where(label => label.Length > 0);

        return given.Concat(shortNames).Distinct(StringComparer.Ordinal).ToList();
    }
}
