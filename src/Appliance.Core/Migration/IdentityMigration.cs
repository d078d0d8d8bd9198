using Appliance.Core.Auth;
using Appliance.Core.Identity;

namespace Appliance.Core.Migration;

/// <summary>
/// Copies who may do what: users (role and password hash, so every user logs in with the password they have), robot accounts
/// (secret hashes, the previous one with its grace, expiry, role, creation and last use, so their pull secrets keep working),
/// local groups with their members, then the grants. Each write is idempotent, so a rerun after a crash sets again what the
/// target has and adds what it lacks.
/// </summary>
internal sealed class IdentityMigration(RegistryStores source, RegistryStores target, IProgress<MigrationProgress>? progress)
{
    public async Task<(CopyCount Users, CopyCount Robots, CopyCount Groups, CopyCount Grants)> RunAsync(CancellationToken cancellationToken) =>
        (await CopyEachAsync("users", await source.Users.ListAsync(cancellationToken), CopyUserAsync, cancellationToken),
            await CopyEachAsync("robot accounts", await source.Robots.ListAsync(cancellationToken), CopyRobotAsync, cancellationToken),
            await CopyEachAsync("groups", await source.Groups.ListAsync(cancellationToken), CopyGroupAsync, cancellationToken),
            await CopyEachAsync("grants", await source.Grants.ListAsync(cancellationToken), target.Grants.SetAsync, cancellationToken));

    /// <summary>A user the target has already gets the source's role and password hash.</summary>
    private async Task<bool> CopyUserAsync(RegistryUser user, CancellationToken cancellationToken)
    {
        var created = await target.Users.CreateAsync(user, cancellationToken);
        if (!created) await target.Users.UpdateAsync(user, cancellationToken);
        if (user.LastLogin is { } lastLogin) await target.Users.RecordLoginAsync(user.Name, lastLogin, TimeSpan.Zero, cancellationToken);
        return created;
    }

    /// <summary>A robot the target has already gets the source's secrets, expiry and role (its creation stays the target's).</summary>
    private async Task<bool> CopyRobotAsync(RobotAccount robot, CancellationToken cancellationToken)
    {
        var created = await target.Robots.CreateAsync(robot, cancellationToken);
        if (!created) await target.Robots.UpdateAsync(robot, cancellationToken);
        if (robot.LastUsed is { } lastUsed) await target.Robots.RecordUseAsync(robot.Name, lastUsed, TimeSpan.Zero, cancellationToken);
        return created;
    }

    /// <summary>A group counts as copied when it or one of its memberships was new to the target.</summary>
    private async Task<bool> CopyGroupAsync(LocalGroup group, CancellationToken cancellationToken)
    {
        var copied = await target.Groups.CreateAsync(group.Name, cancellationToken);
        foreach (var member in group.Members) copied |= await target.Groups.AddMemberAsync(group.Name, member, cancellationToken);
        return copied;
    }

    /// <summary>Copies each item (<paramref name="copy"/> says whether it was new to the target) and reports the phase's progress.</summary>
    private async Task<CopyCount> CopyEachAsync<T>(string phase, IReadOnlyList<T> items, Func<T, CancellationToken, Task<bool>> copy,
        CancellationToken cancellationToken)
    {
        var count = new CopyCount();
        foreach (var item in items)
        {
            count = count.Add(await copy(item, cancellationToken));
            progress?.Report(new MigrationProgress(phase, count.Copied + count.Skipped, items.Count));
        }
        return count;
    }
}
