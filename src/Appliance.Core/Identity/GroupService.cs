namespace Appliance.Core.Identity;

/// <summary>
/// Local groups and their members. A member is a user name, local or from the directory; a deleted group takes its
/// memberships and its grants with it.
/// </summary>
public sealed class GroupService(IGroupStore groups, IGrantStore grants, GrantCache cache)
{
    public Task<IReadOnlyList<LocalGroup>> ListAsync(CancellationToken cancellationToken) => groups.ListAsync(cancellationToken);

    public Task<IReadOnlyList<string>> GroupsOfAsync(string user, CancellationToken cancellationToken) => groups.GroupsOfAsync(user, cancellationToken);

    public async Task AddAsync(string name, CancellationToken cancellationToken)
    {
        AccountName.Validate(name, "group");
        if (!await groups.CreateAsync(name, cancellationToken)) throw new InvalidOperationException($"group '{name}' exists already");
    }

    /// <summary>
    /// Grants first, as for robots: interrupted, the group is left without them rather than grants left for a group made
    /// again. Nothing is removed for a name that is no local group, which may be a directory group's.
    /// </summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(name, cancellationToken)) throw UnknownGroup(name);
        await grants.RemoveAllOfAsync(PrincipalKind.Group, name, cancellationToken);
        cache.Invalidate();
        if (!await groups.DeleteAsync(name, cancellationToken)) throw UnknownGroup(name);
    }

    public async Task AddMemberAsync(string group, string user, CancellationToken cancellationToken)
    {
        AccountName.Validate(user, "user");
        if (!await groups.AddMemberAsync(group, user, cancellationToken))
        {
            throw await ExistsAsync(group, cancellationToken) ? new InvalidOperationException($"'{user}' is a member of '{group}' already") : UnknownGroup(group);
        }
    }

    public async Task RemoveMemberAsync(string group, string user, CancellationToken cancellationToken)
    {
        if (!await groups.RemoveMemberAsync(group, user, cancellationToken))
        {
            throw await ExistsAsync(group, cancellationToken) ? new InvalidOperationException($"'{user}' is not a member of '{group}'") : UnknownGroup(group);
        }
    }

    private async Task<bool> ExistsAsync(string group, CancellationToken cancellationToken) =>
        (await groups.ListAsync(cancellationToken)).Any(g => g.Name == group);

    private static InvalidOperationException UnknownGroup(string name) => new($"group '{name}' does not exist");
}
