using Appliance.Core.Auth;

namespace Appliance.Registry.ConsoleApi;

/// <summary>Who uses the console: a logged-in user, everyone (authentication off), or an anonymous reader (auth.anonymousPull).</summary>
public sealed record ConsoleCaller(string? Name, Role Role, bool IsAnonymous)
{
    /// <summary>Admin may do what push may, push what pull may; the metrics role sees nothing here.</summary>
    public bool Has(Role required) => Rank(Role) >= Rank(required);

    private static int Rank(Role role) => role switch
    {
        Role.Pull => 1,
        Role.Push => 2,
        Role.Admin => 3,
        _ => 0,
    };
}
