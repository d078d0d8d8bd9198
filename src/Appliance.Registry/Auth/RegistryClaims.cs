namespace Appliance.Registry.Auth;

public static class RegistryClaims
{
    /// <summary>The Docker token claim: a list of {type, name, actions}.</summary>
    public const string Access = "access";
}
