namespace Appliance.Core.Auth;

/// <summary>The actions of Docker token scopes; "*" asks for everything the user may do.</summary>
public static class RegistryAction
{
    public const string Pull = "pull";
    public const string Push = "push";
    public const string Delete = "delete";
    public const string All = "*";
}
