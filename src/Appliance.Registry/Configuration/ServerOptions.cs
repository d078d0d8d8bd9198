namespace Appliance.Registry.Configuration;

/// <summary>Network settings; bound from the <c>server</c> section of the config.</summary>
public sealed class ServerOptions
{
    public const string Section = "server";

    /// <summary>One or more comma-separated <c>ADDRESS:PORT</c> endpoints, e.g. <c>0.0.0.0:8443,[::]:8443</c>.</summary>
    public string Listen { get; set; } = "0.0.0.0:8443";

    /// <summary>
    /// Every connection starts with a PROXY protocol header (v1 or v2) from a TCP load balancer, e.g. HAProxy's
    /// <c>send-proxy-v2</c>: clients are then known by their own addresses. Connections without one are closed.
    /// </summary>
    public bool ProxyProtocol { get; set; }

    /// <summary><c>text</c> for people, <c>json</c> for log collectors.</summary>
    public string LogFormat { get; set; } = "text";

    /// <summary>Verbose, Debug, Information, Warning, Error or Fatal; each request is logged at Information.</summary>
    public string LogLevel { get; set; } = "Information";
}
