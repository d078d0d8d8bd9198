using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Configuration;
using Appliance.Core.Identity;
using Appliance.Registry.Audit;
using Appliance.Registry.Auth;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// <c>/api/v1/robots</c>: robot accounts. Registry admins manage all of them, a namespace admin those its namespaces own. A
/// secret is made on create and rotate and returned in that response only (with a pull secret for this registry's host):
/// it is stored as a hash, never logged, and cannot be shown again.
/// </summary>
public static class RobotsApi
{
    /// <param name="ExpiresAt">or <paramref name="ExpiresIn"/>, a duration such as 90d; neither: never expires</param>
    /// <param name="Role">a global role besides its grants; registry admins only</param>
    public sealed record NewRobot(string? Namespace, string? Name, string? Description, DateTimeOffset? ExpiresAt, string? ExpiresIn, string? Role);

    /// <param name="Grace">how long the previous secret stays valid, as a duration (1h), or <paramref name="GraceSeconds"/>; neither: revoked at once</param>
    public sealed record Rotation(string? Grace, double? GraceSeconds);

    public static async Task<IResult> ListAsync(HttpContext context, RobotService robots, CallerAccess access, CancellationToken cancel)
    {
        var managed = await ManagedNamespaces.OfAsync(context, access);
        if (managed.Refusal is { } refused) return refused;
        return Results.Ok((await robots.ListAsync(cancel)).Where(robot => managed.Covers(robot.Namespace)).OrderBy(robot => robot.Name, StringComparer.Ordinal)
            .Select(ToJson));
    }

    public static async Task<IResult> AddAsync(HttpContext context, NewRobot request, RobotService robots, CallerAccess access, AuditTrail audit,
        TimeProvider clock)
    {
        var @namespace = request.Namespace ?? "";
        var managed = await ManagedNamespaces.OfAsync(context, access);
        if (managed.RefusalFor(@namespace) is { } refused) return refused;
        var role = string.IsNullOrEmpty(request.Role) || request.Role == "none" ? (Role?)null : UsersApi.ParseRole(request.Role);
        if (role is not null && !managed.IsRegistryAdmin) return ConsoleProblem.Of(StatusCodes.Status403Forbidden, "only registry admins give robots a global role");
        var (robot, secret) = await robots.AddAsync(@namespace, request.Name ?? "", request.Description ?? "", ExpiryOf(request, clock), role,
            context.RequestAborted);
        Record(context, audit, AuditActions.RobotAdd, IdentityAuditDetail.RobotAdd(robot));
        return Results.Ok(WithSecret(context, ToJson(robot), robot.Name, secret));
    }

    public static async Task<IResult> RotateAsync(HttpContext context, string name, Rotation? request, RobotService robots, CallerAccess access,
        AuditTrail audit)
    {
        if (await RefusedAsync(context, access, name) is { } refused) return refused;
        var secret = await robots.RotateAsync(name, GraceOf(request), context.RequestAborted);
        var rotated = await robots.FindAsync(name, context.RequestAborted) ?? throw new InvalidOperationException($"robot '{name}' does not exist");
        Record(context, audit, AuditActions.RobotRotate, IdentityAuditDetail.RobotRotate(name, rotated.PreviousSecretValidUntil));
        return Results.Ok(WithSecret(context, ToJson(rotated), name, secret));
    }

    /// <summary>Revokes the robot at once: its secrets stop working with the next request, and its grants are gone.</summary>
    public static async Task<IResult> DeleteAsync(HttpContext context, string name, RobotService robots, CallerAccess access, AuditTrail audit)
    {
        if (await RefusedAsync(context, access, name) is { } refused) return refused;
        await robots.DeleteAsync(name, context.RequestAborted);
        Record(context, audit, AuditActions.RobotDelete, $"robot {name}");
        return Results.NoContent();
    }

    /// <summary>404 for a name no robot can have; the namespace's refusal when the caller does not administer it.</summary>
    private static async Task<IResult?> RefusedAsync(HttpContext context, CallerAccess access, string name)
    {
        if (!RobotService.IsValidName(name)) return ConsoleProblem.Of(StatusCodes.Status404NotFound, $"robot '{name}' does not exist");
        var @namespace = name[..name.IndexOf(RobotAccount.Separator)];
        var managed = await ManagedNamespaces.OfAsync(context, access);
        return managed.RefusalFor(@namespace);
    }

    private static DateTimeOffset? ExpiryOf(NewRobot request, TimeProvider clock) => (request.ExpiresAt, request.ExpiresIn) switch
    {
        ({ } at, null or "") => at,
        (null, null or "") => null,
        (null, var duration) => clock.GetUtcNow() + Duration(duration, "expiresIn"),
        _ => throw new ArgumentException("give expiresAt or expiresIn, not both"),
    };

    private static TimeSpan GraceOf(Rotation? request) => (request?.Grace, request?.GraceSeconds) switch
    {
        (null or "", null) => TimeSpan.Zero,
        (null or "", { } seconds) => seconds is >= 0 and <= 366 * 86400 ? TimeSpan.FromSeconds(seconds) : throw new ArgumentException("graceSeconds is 0 to a year"),
        ({ } duration, null) => Duration(duration, "grace"),
        _ => throw new ArgumentException("give grace or graceSeconds, not both"),
    };

    private static TimeSpan Duration(string? text, string field) => Durations.TryParse(text, out var value) ? value
        : throw new ArgumentException($"{field} '{text}' is not a duration; write for example {Durations.Examples}");

    /// <summary>The response that carries a new secret: shown once, with a pull secret for the host the console was reached by.</summary>
    private static Dictionary<string, object?> WithSecret(HttpContext context, object robot, string name, string secret) => new()
    {
        ["robot"] = robot,
        ["secret"] = secret,
        ["pullSecret"] = PullSecret.For(context.Request.Host.Value!, name, secret),
    };

    private static object ToJson(RobotAccount robot) => new
    {
        robot.Name, robot.Namespace, robot.Description, robot.CreatedAt, robot.ExpiresAt, role = robot.Role is { } role ? EnumNames.Of(role) : null,
        robot.LastUsed, previousSecretValidUntil = robot.PreviousSecretValidUntil,
    };

    private static void Record(HttpContext context, AuditTrail audit, string action, string detail) =>
        RepositoriesApi.Record(context, audit, action, null, null, detail);
}
