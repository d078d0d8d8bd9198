using System.Collections.Frozen;

namespace Appliance.Core.Identity;

/// <summary>
/// The grants as the access decision reads them: grouped by principal once, so a check looks at the few grants of the
/// caller and its groups, not at all of them (a site with 1,000 grants pays for the caller's handful).
/// </summary>
public sealed class GrantSet
{
    public static readonly GrantSet Empty = new([]);

    private readonly FrozenDictionary<(PrincipalKind, string), (string Pattern, NamespacePermission Permission)[]> _byPrincipal;

    public GrantSet(IEnumerable<Grant> grants)
    {
        All = grants.ToList();
        _byPrincipal = All.GroupBy(grant => (grant.Kind, grant.Principal))
            .ToFrozenDictionary(group => group.Key, group => group.Select(grant => (grant.Namespace, grant.Permission)).ToArray());
    }

    public IReadOnlyList<Grant> All { get; }

    /// <summary>The highest permission the principal's own grants give on <paramref name="namespace"/>; null when none reaches it.</summary>
    public NamespacePermission? Best(PrincipalKind kind, string principal, string @namespace)
    {
        if (!_byPrincipal.TryGetValue((kind, principal), out var grants)) return null;
        NamespacePermission? best = null;
        foreach (var (pattern, permission) in grants)
        {
            if ((best is null || permission > best) && NamespacePattern.Matches(pattern, @namespace)) best = permission;
        }
        return best;
    }

    /// <summary>The namespace patterns of the principal's own grants that give at least <paramref name="least"/>.</summary>
    public IEnumerable<string> PatternsOf(PrincipalKind kind, string principal, NamespacePermission least = NamespacePermission.Pull) =>
        _byPrincipal.TryGetValue((kind, principal), out var grants) ? grants.Where(grant => grant.Permission >= least).Select(grant => grant.Pattern) : [];

    /// <summary>Whether the principal has any grant at all (a caller without one sees only what its global role shows).</summary>
    public bool HasAny(PrincipalKind kind, string principal) => _byPrincipal.ContainsKey((kind, principal));
}
