namespace Appliance.Registry.Auth;

/// <summary>Authentication settings; bound from the <c>auth</c> section of the config.</summary>
public sealed class AuthOptions
{
    public const string Section = "auth";

    /// <summary>Off only for loopback development and API tests; a warning is logged when off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Lets anyone pull (never push); off by default, as a mirror's content is often licensed.</summary>
    public bool AnonymousPull { get; set; }

    /// <summary>The token endpoint clients are sent to; by default https://&lt;Host header&gt;/v2/auth.</summary>
    public string? Realm { get; set; }

    /// <summary>The token audience; by default the Host header the client used.</summary>
    public string? Service { get; set; }

    public string Issuer { get; set; } = "appliance-registry";

    public int TokenLifetimeSeconds { get; set; } = 300;

    public string InitUser { get; set; } = "init";

    /// <summary>When unset, a random 32-character password is generated and written to &lt;data&gt;/init-password.</summary>
    public string? InitPassword { get; set; }

    public int BcryptCost { get; set; } = 12;

    /// <summary>Failed logins per user and client address before each further attempt must wait.</summary>
    public int FailuresBeforeThrottling { get; set; } = 5;

    public int MaxThrottleSeconds { get; set; } = 300;
}
