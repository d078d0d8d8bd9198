using Appliance.Core.Auth;

namespace Appliance.Core.Identity;

/// <summary>
/// An authenticated caller as the access decision sees it: a user (local or from the directory) or a robot, its global
/// role if any, and the groups it belongs to (local and directory groups alike).
/// </summary>
public sealed record Principal(PrincipalKind Kind, string Name, Role? Role, IReadOnlyList<string> Groups)
{
    public static Principal User(string name, Role? role, IReadOnlyList<string>? groups = null) =>
        new(PrincipalKind.User, name, role, groups ?? []);

    public static Principal Robot(RobotAccount robot) => new(PrincipalKind.Robot, robot.Name, robot.Role, []);
}
