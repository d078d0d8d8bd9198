using Appliance.Core.Identity;

namespace Appliance.Registry.Audit;

/// <summary>
/// How the audit trail describes changes to grants and robot accounts, the same from the command line and the console
/// ("user alice: push on team-a"). Never a secret: only that one was made, and how long the previous one stays valid.
/// </summary>
public static class IdentityAuditDetail
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss'Z'";

    public static string GrantSet(Grant grant) => $"{GrantService.Describe(grant.Kind, grant.Principal)}: {Name(grant.Permission)} on {grant.Namespace}";

    public static string GrantRemove(PrincipalKind kind, string principal, string @namespace) => $"{GrantService.Describe(kind, principal)} on {@namespace}";

    public static string RobotAdd(RobotAccount robot) =>
        $"robot {robot.Name}" + (robot.Role is { } role ? $" with role {role.ToString().ToLowerInvariant()}" : "")
        + (robot.ExpiresAt is { } expiry ? $", expires {Time(expiry)}" : "");

    /// <param name="previousValidUntil">Null when the previous secret was revoked at once.</param>
    public static string RobotRotate(string name, DateTimeOffset? previousValidUntil) => $"robot {name}, previous secret {PreviousSecret(previousValidUntil)}";

    public static string PreviousSecret(DateTimeOffset? validUntil) => validUntil is { } until ? $"valid until {Time(until)}" : "revoked";

    public static string Name(NamespacePermission permission) => permission.ToString().ToLowerInvariant();

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, System.Globalization.CultureInfo.InvariantCulture);
}
