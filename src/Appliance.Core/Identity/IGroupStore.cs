namespace Appliance.Core.Identity;

/// <summary>Local groups and their members (user names), kept by the metadata engine.</summary>
public interface IGroupStore
{
    Task<IReadOnlyList<LocalGroup>> ListAsync(CancellationToken cancellationToken);

    /// <summary>False when the group exists already.</summary>
    Task<bool> CreateAsync(string name, CancellationToken cancellationToken);

    /// <summary>Deletes the group with its memberships; false when there was none.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>False when the group does not exist or the user is a member already.</summary>
    Task<bool> AddMemberAsync(string group, string user, CancellationToken cancellationToken);

    Task<bool> RemoveMemberAsync(string group, string user, CancellationToken cancellationToken);

    /// <summary>Takes <paramref name="user"/> out of every local group (a deleted user); returns from how many.</summary>
    Task<int> RemoveMemberEverywhereAsync(string user, CancellationToken cancellationToken);

    /// <summary>The local groups <paramref name="user"/> is a member of.</summary>
    Task<IReadOnlyList<string>> GroupsOfAsync(string user, CancellationToken cancellationToken);
}
