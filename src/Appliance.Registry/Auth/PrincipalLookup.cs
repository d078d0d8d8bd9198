using Appliance.Core.Auth;
using Appliance.Core.Identity;

namespace Appliance.Registry.Auth;

/// <summary>
/// The principal behind a name: a token's subject, a console session's user. Read again on each ask, so a deleted account,
/// a changed role or a changed group membership applies at once.
/// </summary>
public sealed class PrincipalLookup(IUserStore users, IGroupStore groups, IRobotStore robots, TimeProvider clock)
{
    public async Task<Principal> ForUserAsync(RegistryUser user, CancellationToken cancellationToken) =>
        Principal.User(user.Name, user.Role, await groups.GroupsOfAsync(user.Name, cancellationToken));

    /// <returns>Null when no account of that name exists (any more), or the robot has expired.</returns>
    public async Task<Principal?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (RobotAccount.IsRobotName(name))
        {
            return await robots.FindAsync(name, cancellationToken) is { } robot && !(robot.ExpiresAt <= clock.GetUtcNow())
                ? Principal.Robot(robot)
                : null;
        }
        return await users.FindAsync(name, cancellationToken) is { } user ? await ForUserAsync(user, cancellationToken) : null;
    }
}
