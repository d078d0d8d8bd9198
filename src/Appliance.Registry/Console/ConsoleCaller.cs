using Appliance.Core.Auth;
using Appliance.Core.Identity;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// Who uses the console: a logged-in user (<see cref="Principal"/>), everyone (authentication off), or an anonymous reader
/// (auth.anonymousPull). What it may see and change in repositories is the access decision's; <see cref="Role"/> gates the
/// pages of the whole registry (users, maintenance, audit).
/// </summary>
public sealed record ConsoleCaller(string? Name, Role Role, bool IsAnonymous, Principal? Principal = null)
{
    public static ConsoleCaller For(Principal principal) => new(principal.Name, principal.Role ?? Role.None, IsAnonymous: false, principal);

    /// <summary>
    /// Admin may do what push may, push what pull may. A user without a global role (<see cref="Role.None"/>) may use the
    /// repository pages, which show what its grants give; the metrics role sees nothing here.
    /// </summary>
    public bool Has(Role required) => Rank(Role) >= Rank(required) || required == Role.Pull && Role == Role.None && !IsAnonymous;

    private static int Rank(Role role) => role switch
    {
        Role.Pull => 1,
        Role.Push => 2,
        Role.Admin => 3,
        _ => 0,
    };
}
