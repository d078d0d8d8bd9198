using System.Globalization;
using System.Net;

namespace Appliance.Registry.Configuration;

/// <summary>Parses the <c>server.listen</c> value into endpoints Kestrel binds to.</summary>
public static class ListenAddress
{
    public static IReadOnlyList<IPEndPoint> ParseAll(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToArray();

    public static IPEndPoint Parse(string value)
    {
        if (IPEndPoint.TryParse(value, out var endpoint) && value.Contains(':')) return endpoint;
        var colon = value.LastIndexOf(':');
        if (colon >= 0 && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
        {
            var host = value[..colon];
            if (host is "" or "*") return new IPEndPoint(IPAddress.Any, port);
            if (host == "localhost") return new IPEndPoint(IPAddress.Loopback, port);
        }
        throw new FormatException($"listen address '{value}' is not ADDRESS:PORT (for example 0.0.0.0:8443 or [::1]:5000)");
    }
}
