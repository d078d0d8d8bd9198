using System.Collections.Concurrent;

namespace Appliance.Core.Identity;

/// <summary>
/// Directory users as principals. A password is always checked by the directory (<see cref="LoginAsync"/>), or by the
/// caller's own keyed-hash memory of a recent login (<see cref="RememberedAsync"/>); the groups a login read are kept per
/// user for the policy's TTL and never used after it: an expired entry is read again from the directory, and while the
/// directory is down that fails with its <see cref="DirectoryUnavailableException"/> rather than extending the groups.
/// </summary>
public sealed class DirectoryLogin(IDirectory directory, DirectoryLoginPolicy policy, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Membership> _memberships = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The user when the directory accepts the password; null otherwise, and always for an empty password (refused here,
    /// before the directory is asked: an LDAP bind without a password is an anonymous bind, not a login).
    /// </summary>
    /// <exception cref="DirectoryUnavailableException">The directory cannot be reached.</exception>
    public async Task<Principal?> LoginAsync(string user, string password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password)) return null;
        var account = await directory.AuthenticateAsync(user, password, cancellationToken);
        if (account is null) return null;
        // The groups just read are the newest there are: they replace the cached ones at once.
        Remember(user, account.Name, account.DistinguishedName, account.Groups);
        return PrincipalOf(account.Name, account.Groups);
    }

    /// <summary>
    /// The user whose password the caller verified itself (its memory of a recent <see cref="LoginAsync"/>): the cached
    /// groups while they are younger than the TTL, else the groups the directory has now. Null when this user did not
    /// log in here (or the directory no longer knows the user): the caller then does a full <see cref="LoginAsync"/>.
    /// </summary>
    /// <exception cref="DirectoryUnavailableException">The cached groups expired and the directory cannot be reached.</exception>
    public async Task<Principal?> RememberedAsync(string user, CancellationToken cancellationToken)
    {
        if (!_memberships.TryGetValue(user, out var membership)) return null;
        if (clock.GetUtcNow() < membership.ExpiresAt) return PrincipalOf(membership.Name, membership.Groups);
        var groups = await directory.GroupsOfAsync(membership.DistinguishedName, cancellationToken);
        if (groups is null)
        {
            _memberships.TryRemove(user, out _);
            return null;
        }
        Remember(user, membership.Name, membership.DistinguishedName, groups);
        return PrincipalOf(membership.Name, groups);
    }

    private void Remember(string user, string name, string distinguishedName, IReadOnlyList<string> groups) =>
        // One entry per directory user that logged in: bounded by the directory's size, replaced at every login.
        _memberships[user] = new Membership(name, distinguishedName, groups, clock.GetUtcNow() + policy.MembershipCacheTtl);

    private Principal PrincipalOf(string name, IReadOnlyList<string> groups) => Principal.User(name, policy.RoleOf(groups), groups);

    private sealed record Membership(string Name, string DistinguishedName, IReadOnlyList<string> Groups, DateTimeOffset ExpiresAt);
}
