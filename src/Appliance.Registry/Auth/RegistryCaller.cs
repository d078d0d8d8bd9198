using Appliance.Core.Auth;
using Appliance.Core.Identity;

namespace Appliance.Registry.Auth;

/// <summary>
/// Who is calling and what they may do: a principal with Basic credentials or a console session (the access decision over
/// its role, groups and grants decides), a bearer token (its access claim decides, as it was decided when issued), or
/// nobody (anonymous pull and anonymous grants decide).
/// </summary>
public sealed class RegistryCaller
{
    private readonly GrantSet _grants;
    private readonly bool _anonymousPull;
    private readonly IReadOnlySet<(string Repository, string Action)>? _tokenGrants;

    private RegistryCaller(GrantSet grants, bool anonymousPull, Principal? principal, string? tokenSubject,
        IReadOnlySet<(string, string)>? tokenGrants, bool unrestricted)
    {
        _grants = grants;
        _anonymousPull = anonymousPull;
        Principal = principal;
        UserName = principal?.Name ?? tokenSubject;
        _tokenGrants = tokenGrants;
        IsUnrestricted = unrestricted;
    }

    /// <summary>The authenticated principal; null for anonymous callers and for bearer tokens (whose subject is <see cref="UserName"/>).</summary>
    public Principal? Principal { get; }

    public string? UserName { get; }
    public Role? Role => Principal?.Role;
    public bool HasToken => _tokenGrants is not null;
    public bool IsAnonymous => UserName is null && !HasToken && !IsUnrestricted;

    /// <summary>Authentication is switched off: everything is allowed.</summary>
    public bool IsUnrestricted { get; }

    public static RegistryCaller Unrestricted() => new(GrantSet.Empty, true, null, null, null, unrestricted: true);

    public static RegistryCaller Anonymous(GrantSet grants, bool anonymousPull) => new(grants, anonymousPull, null, null, null, false);

    public static RegistryCaller For(Principal principal, GrantSet grants, bool anonymousPull) =>
        new(grants, anonymousPull, principal, null, null, false);

    public static RegistryCaller ForToken(string? subject, IReadOnlySet<(string, string)> grants) =>
        new(GrantSet.Empty, false, null, string.IsNullOrEmpty(subject) ? null : subject, grants, false);

    public bool Can(string repository, string action) =>
        IsUnrestricted || (_tokenGrants is { } grants
            ? grants.Contains((GrantResource(AccessScope.Repository, repository), action))
            : AccessDecision.Allows(AccessDecision.PermissionOn(Principal, repository, _grants, _anonymousPull), action));

    public bool CanListCatalog => IsUnrestricted || (_tokenGrants is { } grants
        ? grants.Contains((GrantResource(AccessScope.Registry, AccessScope.Catalog), RegistryAction.All))
        : AccessDecision.MayListCatalog(Principal, _grants, _anonymousPull));

    /// <summary>The resource half of a token grant, e.g. "repository:ocp/release".</summary>
    public static string GrantResource(string type, string name) => $"{type}:{name}";
}
