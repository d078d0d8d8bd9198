namespace Appliance.Registry.Configuration;

/// <summary>Network settings; bound from the <c>server</c> section of the config.</summary>
public sealed class ServerOptions
{
    public const string Section = "server";

    /// <summary>One or more comma-separated <c>ADDRESS:PORT</c> endpoints, e.g. <c>0.0.0.0:8443,[::]:8443</c>.</summary>
    public string Listen { get; set; } = "0.0.0.0:8443";

    /// <summary><c>text</c> for people, <c>json</c> for log collectors.</summary>
    public string LogFormat { get; set; } = "text";

    /// <summary>Verbose, Debug, Information, Warning, Error or Fatal; each request is logged at Information.</summary>
    public string LogLevel { get; set; } = "Information";
}
