using Appliance.Core.Auth;

namespace Appliance.Registry.Auth;

/// <summary>
/// Who is calling and what they may do: a user with Basic credentials (their role decides), a bearer
/// token (its access claim decides), or nobody.
/// </summary>
public sealed class RegistryCaller
{
    private readonly AccessPolicy _policy;
    private readonly bool _anonymousPull;
    private readonly IReadOnlySet<(string Repository, string Action)>? _tokenGrants;

    private RegistryCaller(AccessPolicy policy, bool anonymousPull, string? userName, Role? role,
        IReadOnlySet<(string, string)>? tokenGrants, bool unrestricted)
    {
        _policy = policy;
        _anonymousPull = anonymousPull;
        UserName = userName;
        Role = role;
        _tokenGrants = tokenGrants;
        IsUnrestricted = unrestricted;
    }

    public string? UserName { get; }
    public Role? Role { get; }
    public bool HasToken => _tokenGrants is not null;
    public bool IsAnonymous => UserName is null && !HasToken && !IsUnrestricted;

    /// <summary>Authentication is switched off: everything is allowed.</summary>
    public bool IsUnrestricted { get; }

    public static RegistryCaller Unrestricted(AccessPolicy policy) => new(policy, true, null, null, null, unrestricted: true);

    public static RegistryCaller Anonymous(AccessPolicy policy, bool anonymousPull) => new(policy, anonymousPull, null, null, null, false);

    public static RegistryCaller ForUser(AccessPolicy policy, RegistryUser user) => new(policy, false, user.Name, user.Role, null, false);

    public static RegistryCaller ForToken(AccessPolicy policy, string? subject, IReadOnlySet<(string, string)> grants) =>
        new(policy, false, string.IsNullOrEmpty(subject) ? null : subject, null, grants, false);

    public bool Can(string repository, string action) =>
        IsUnrestricted || (_tokenGrants is { } grants
            ? grants.Contains((GrantResource(AccessScope.Repository, repository), action))
            : _policy.Permits(Role, _anonymousPull, action));

    public bool CanListCatalog => IsUnrestricted || (_tokenGrants is { } grants
        ? grants.Contains((GrantResource(AccessScope.Registry, AccessScope.Catalog), RegistryAction.All))
        : Role is Appliance.Core.Auth.Role.Admin or Appliance.Core.Auth.Role.Push or Appliance.Core.Auth.Role.Pull || _anonymousPull);

    /// <summary>The resource half of a token grant, e.g. "repository:ocp/release".</summary>
    public static string GrantResource(string type, string name) => $"{type}:{name}";
}
