namespace Appliance.Core.Auth;

/// <summary>Decides which of the requested actions a role gets. Anonymous callers are <c>null</c>.</summary>
public sealed class AccessPolicy
{
    private static readonly string[] ReadOnly = [RegistryAction.Pull];
    private static readonly string[] ReadWrite = [RegistryAction.Pull, RegistryAction.Push, RegistryAction.Delete];

    public IReadOnlyList<string> Grant(Role? role, bool anonymousPull, AccessScope requested)
    {
        var allowed = Allowed(role, anonymousPull, requested.Type);
        if (requested.Actions.Contains(RegistryAction.All))
        {
            // Distribution's catalog scope is "registry:catalog:*"; clients that delete ask "*" too.
            return requested.Type == AccessScope.Registry ? (allowed.Length > 0 ? [RegistryAction.All] : []) : allowed;
        }
        return requested.Actions.Where(allowed.Contains).Distinct().ToArray();
    }

    public bool Permits(Role? role, bool anonymousPull, string action) =>
        Allowed(role, anonymousPull, AccessScope.Repository).Contains(action);

    private static string[] Allowed(Role? role, bool anonymousPull, string type) => (role, type) switch
    {
        (Role.Admin or Role.Push or Role.Pull, AccessScope.Registry) => [RegistryAction.All],
        (Role.Admin or Role.Push, AccessScope.Repository) => ReadWrite,
        (Role.Pull, AccessScope.Repository) => ReadOnly,
        (null, AccessScope.Repository) when anonymousPull => ReadOnly,
        _ => [],
    };
}
