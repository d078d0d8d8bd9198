using System.Net;

namespace Appliance.Ldap;

/// <summary>The server of <c>auth.ldap.url</c>: host, port, and whether TLS comes first (ldaps) or by StartTLS.</summary>
public sealed record LdapServerAddress(string Url, string Host, int Port, bool Ldaps)
{
    /// <summary>Loopback hosts may skip StartTLS: the password never leaves the machine.</summary>
    public bool IsLoopback => Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(Host, out var address) && IPAddress.IsLoopback(address);

    /// <summary>Null (with <paramref name="problem"/> saying why) unless <paramref name="url"/> is ldap://host[:port] or ldaps://host[:port].</summary>
    public static LdapServerAddress? TryParse(string? url, out string problem)
    {
        problem = "";
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("ldap" or "ldaps") || uri.Host.Length == 0)
        {
            problem = $"'{url}' is not an LDAP URL; write ldaps://host or ldap://host";
            return null;
        }
        if (uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            problem = $"'{url}' must name only the server (ldaps://host[:port]); the bases and filters are settings of their own";
            return null;
        }
        var ldaps = uri.Scheme == "ldaps";
        return new LdapServerAddress(url!.Trim(), uri.IdnHost.Trim('[', ']'), uri.IsDefaultPort ? (ldaps ? 636 : 389) : uri.Port, ldaps);
    }
}
