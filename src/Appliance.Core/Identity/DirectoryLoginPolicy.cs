using Appliance.Core.Auth;

namespace Appliance.Core.Identity;

/// <summary>
/// What a directory account's groups mean here: <paramref name="GroupRoles"/> gives members of a group a global role (the
/// highest one wins), members of <paramref name="SuperuserGroup"/> are admins, and the groups read at a login are trusted
/// for <paramref name="MembershipCacheTtl"/>. Group names compare as LDAP compares them: without regard to case.
/// </summary>
public sealed record DirectoryLoginPolicy(IReadOnlyDictionary<string, Role> GroupRoles, string? SuperuserGroup, TimeSpan MembershipCacheTtl)
{
    /// <summary>The global role of a member of <paramref name="groups"/>; null when none of them gives one (grants still apply).</summary>
    public Role? RoleOf(IReadOnlyList<string> groups)
    {
        if (SuperuserGroup is { Length: > 0 } superusers && groups.Contains(superusers, StringComparer.OrdinalIgnoreCase)) return Role.Admin;
        Role? best = null;
        foreach (var (group, role) in GroupRoles)
        {
            if (groups.Contains(group, StringComparer.OrdinalIgnoreCase) && (best is null || Rank(role) > Rank(best.Value))) best = role;
        }
        return best;
    }

    /// <summary>Admin over push over pull; metrics (which only reads /metrics) is the least.</summary>
    private static int Rank(Role role) => role switch
    {
        Role.Admin => 3,
        Role.Push => 2,
        Role.Pull => 1,
        _ => 0,
    };
}
