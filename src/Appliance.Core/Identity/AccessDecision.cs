using Appliance.Core.Auth;

namespace Appliance.Core.Identity;

/// <summary>
/// The one rule every entry point asks (token endpoint, Basic auth, console, catalog, referrers, mounts): what a caller
/// may do in a repository's namespace. The highest of: the caller's global role (everywhere), its own grants, its
/// groups' grants, and what anonymous callers get (anonymous pull, or anonymous grants), which every caller gets too.
/// See Identity/README.md.
/// </summary>
public static class AccessDecision
{
    /// <param name="caller">Null for anonymous callers.</param>
    /// <param name="anonymousPull">The global switch: anyone may pull everything.</param>
    public static NamespacePermission? PermissionOn(Principal? caller, string repository, GrantSet grants, bool anonymousPull)
    {
        var @namespace = NamespacePattern.Of(repository);
        var best = anonymousPull ? NamespacePermission.Pull : grants.Best(PrincipalKind.Anonymous, "", @namespace);
        if (caller is null) return best;
        best = Max(best, caller.Role switch
        {
            Role.Admin => NamespacePermission.Admin,
            Role.Push => NamespacePermission.Push,
            Role.Pull => NamespacePermission.Pull,
            _ => null,
        });
        if (best == NamespacePermission.Admin) return best;
        best = Max(best, grants.Best(caller.Kind, caller.Name, @namespace));
        foreach (var group in caller.Groups) best = Max(best, grants.Best(PrincipalKind.Group, group, @namespace));
        return best;
    }

    /// <summary>
    /// The namespace patterns whose repositories the caller may pull, for listings that filter in the database; null when it
    /// may pull everything (a global role, anonymous pull, or a grant on <c>*</c>).
    /// </summary>
    public static IReadOnlyList<string>? ReadablePatterns(Principal? caller, GrantSet grants, bool anonymousPull)
    {
        if (anonymousPull || caller?.Role is Role.Admin or Role.Push or Role.Pull) return null;
        var patterns = new SortedSet<string>(StringComparer.Ordinal);
        patterns.UnionWith(grants.PatternsOf(PrincipalKind.Anonymous, ""));
        if (caller is not null)
        {
            patterns.UnionWith(grants.PatternsOf(caller.Kind, caller.Name));
            foreach (var group in caller.Groups) patterns.UnionWith(grants.PatternsOf(PrincipalKind.Group, group));
        }
        return patterns.Contains(NamespacePattern.Everything) ? null : patterns.ToList();
    }

    /// <summary>
    /// The namespace patterns the caller administers (manages their grants and robots), by its own and its groups' admin
    /// grants; null when it administers everything (the global admin role). Anonymous grants never give admin.
    /// </summary>
    public static IReadOnlyList<string>? AdministeredPatterns(Principal? caller, GrantSet grants)
    {
        if (caller?.Role == Role.Admin) return null;
        if (caller is null) return [];
        var patterns = new SortedSet<string>(grants.PatternsOf(caller.Kind, caller.Name, NamespacePermission.Admin), StringComparer.Ordinal);
        foreach (var group in caller.Groups) patterns.UnionWith(grants.PatternsOf(PrincipalKind.Group, group, NamespacePermission.Admin));
        return patterns.ToList();
    }

    /// <summary>
    /// Whether the caller may ask for the catalog at all (it lists only what the caller may pull): any user or robot but the
    /// metrics role's (which reads <c>/metrics</c> and nothing else), and anonymous callers when something is anonymous.
    /// </summary>
    public static bool MayListCatalog(Principal? caller, GrantSet grants, bool anonymousPull) =>
        anonymousPull || grants.HasAny(PrincipalKind.Anonymous, "") || caller is not null && caller.Role != Role.Metrics;

    /// <summary>Whether a permission allows a registry action (pull; push and delete need push).</summary>
    public static bool Allows(NamespacePermission? permission, string action) => action switch
    {
        RegistryAction.Pull => permission >= NamespacePermission.Pull,
        RegistryAction.Push or RegistryAction.Delete => permission >= NamespacePermission.Push,
        _ => false,
    };

    /// <summary>The registry actions a permission allows, for a token's access claim.</summary>
    public static IReadOnlyList<string> ActionsOf(NamespacePermission? permission) => permission switch
    {
        >= NamespacePermission.Push => [RegistryAction.Pull, RegistryAction.Push, RegistryAction.Delete],
        NamespacePermission.Pull => [RegistryAction.Pull],
        _ => [],
    };

    private static NamespacePermission? Max(NamespacePermission? a, NamespacePermission? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
