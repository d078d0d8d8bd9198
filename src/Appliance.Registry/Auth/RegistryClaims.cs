namespace Appliance.Registry.Auth;

public static class RegistryClaims
{
    /// <summary>The Docker token claim: a list of {type, name, actions}.</summary>
    public const string Access = "access";

    /// <summary>The audience of console session tokens, which the registry API refuses as bearer tokens (and the console the reverse).</summary>
    public const string ConsoleAudience = "appliance-console";
}
