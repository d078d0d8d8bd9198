using Appliance.Core.Auth;

namespace Appliance.Core.Identity;

/// <summary>
/// Grants as admins change them: checked (a valid namespace pattern, a principal that exists) before they are stored, and
/// each change takes effect here at once (<see cref="GrantCache.Invalidate"/>), on other replicas within the cache's age.
/// </summary>
/// <param name="directory">
/// Set when a directory is configured: its users are not stored here, so a grant may then name any user a directory may have.
/// </param>
public sealed class GrantService(IGrantStore grants, IUserStore users, IRobotStore robots, GrantCache cache, IDirectory? directory = null)
{
    /// <summary>Stores the grant, or changes the permission of the principal's grant on that pattern; false when it was there already.</summary>
    public async Task<bool> SetAsync(Grant grant, CancellationToken cancellationToken)
    {
        await ValidateAsync(grant, cancellationToken);
        var changed = await grants.SetAsync(grant, cancellationToken);
        if (changed) cache.Invalidate();
        return changed;
    }

    public async Task RemoveAsync(PrincipalKind kind, string principal, string @namespace, CancellationToken cancellationToken)
    {
        if (!await grants.RemoveAsync(kind, principal, @namespace, cancellationToken))
        {
            throw new InvalidOperationException($"{Describe(kind, principal)} has no grant on '{@namespace}'");
        }
        cache.Invalidate();
    }

    /// <summary>Every grant, by principal kind, principal and namespace pattern.</summary>
    public async Task<IReadOnlyList<Grant>> ListAsync(CancellationToken cancellationToken) =>
        (await grants.ListAsync(cancellationToken))
        .OrderBy(grant => grant.Kind).ThenBy(grant => grant.Principal, StringComparer.Ordinal).ThenBy(grant => grant.Namespace, StringComparer.Ordinal)
        .ToList();

    /// <summary>"user alice", "group team-a", "robot ocp4+puller", "anonymous": a principal as messages and the audit trail name it.</summary>
    public static string Describe(PrincipalKind kind, string principal) =>
        kind == PrincipalKind.Anonymous ? "anonymous" : $"{kind.ToString().ToLowerInvariant()} {principal}";

    private async Task ValidateAsync(Grant grant, CancellationToken cancellationToken)
    {
        if (!NamespacePattern.IsValid(grant.Namespace))
        {
            throw new ArgumentException($"namespace '{grant.Namespace}' must be a namespace name (lower-case letters, digits, '.', '_', '-'), "
                                        + "a prefix of one ending in '*' (team-*), or '*' for every namespace");
        }
        if (!Enum.IsDefined(grant.Permission)) throw new ArgumentException($"permission {grant.Permission} is not pull, push or admin");
        switch (grant.Kind)
        {
            case PrincipalKind.Anonymous:
                if (grant.Principal != "") throw new ArgumentException("anonymous grants name no principal");
                if (grant.Permission != NamespacePermission.Pull) throw new ArgumentException("anonymous callers can only be granted pull");
                break;
            case PrincipalKind.User:
                if (directory is not null && AccountName.IsValidDirectoryName(grant.Principal)) break;
                if (await users.FindAsync(grant.Principal, cancellationToken) is null) throw new ArgumentException($"user '{grant.Principal}' does not exist");
                break;
            case PrincipalKind.Group:
                // Directory groups are not stored here (and may be configured later), so any name a directory may give is a group.
                if (!AccountName.IsValidDirectoryName(grant.Principal))
                {
                    throw new ArgumentException($"group name '{grant.Principal}' must be 1-256 characters, none a control character or ':'");
                }
                break;
            case PrincipalKind.Robot:
                if (await robots.FindAsync(grant.Principal, cancellationToken) is null) throw new ArgumentException($"robot '{grant.Principal}' does not exist");
                break;
            default:
                throw new ArgumentException($"principal kind {grant.Kind} is not user, group, robot or anonymous");
        }
    }
}
