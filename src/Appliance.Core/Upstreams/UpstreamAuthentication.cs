namespace Appliance.Core.Upstreams;

/// <summary>How this registry authenticates to an upstream, as the console shows it (a word, never a credential).</summary>
public enum UpstreamAuthentication
{
    /// <summary>No credentials, and the upstream asked for no token (yet).</summary>
    Anonymous = 0,

    /// <summary>The pull secret's user and password, sent as Basic.</summary>
    Basic = 1,

    /// <summary>Bearer tokens from the upstream's token service (with the pull secret's credentials, if any).</summary>
    Token = 2,
}
