using Appliance.Core.Auth;
using Appliance.Core.Identity;

namespace Appliance.Registry.Auth;

/// <summary>
/// The principal behind a name: a token's subject, a console session's user. Read again on each ask, so a deleted account,
/// a changed role or a changed group membership applies at once; a directory user as the directory login keeps it (its
/// groups no older than the membership TTL).
/// </summary>
public sealed class PrincipalLookup(IUserStore users, IGroupStore groups, IRobotStore robots, TimeProvider clock, IServiceProvider services)
{
    private readonly DirectoryLogin? _directory = services.GetService<DirectoryLogin>();

    public async Task<Principal> ForUserAsync(RegistryUser user, CancellationToken cancellationToken) =>
        Principal.User(user.Name, user.Role, await groups.GroupsOfAsync(user.Name, cancellationToken));

    /// <returns>
    /// Null when no account of that name exists (any more), the robot has expired, or the directory user has not logged in
    /// here or cannot be looked up now (the directory is down and its groups expired): such a caller must log in again.
    /// </returns>
    public async Task<Principal?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (RobotAccount.IsRobotName(name))
        {
            return await robots.FindAsync(name, cancellationToken) is { } robot && !(robot.ExpiresAt <= clock.GetUtcNow())
                ? Principal.Robot(robot)
                : null;
        }
        if (await users.FindAsync(name, cancellationToken) is { } user) return await ForUserAsync(user, cancellationToken);
        if (_directory is null) return null;
        try
        {
            return await _directory.RememberedAsync(name, cancellationToken);
        }
        catch (DirectoryUnavailableException)
        {
            return null;
        }
    }
}
