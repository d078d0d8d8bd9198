using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Registry.Audit;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// <c>/api/v1/users</c> (admin): accounts and roles. Passwords are generated and shown once; a pull secret needs the
/// password, which is stored hashed only, so downloading one gives the user a new password (as <c>users pull-secret</c> does).
/// </summary>
public static class UsersApi
{
    public sealed record NewUser(string Name, string Role);

    public sealed record RoleChange(string Role);

    public static async Task<IResult> ListAsync(UserService users, CancellationToken cancel) =>
        Results.Ok((await users.ListAsync(cancel)).Select(u => new { u.Name, role = RoleName(u.Role), u.LastLogin }));

    public static async Task<IResult> AddAsync(HttpContext context, NewUser request, UserService users, AuditTrail audit)
    {
        var role = ParseRole(request.Role);
        var password = UserService.GeneratePassword();
        await users.AddAsync(request.Name, role, password, context.RequestAborted);
        Record(context, audit, AuditActions.UserAdd, $"user {request.Name} with role {RoleName(role)}");
        return Results.Ok(new { request.Name, role = RoleName(role), password, pullSecret = PullSecret.For(context.Request.Host.Value!, request.Name, password) });
    }

    public static async Task<IResult> SetRoleAsync(HttpContext context, string name, RoleChange request, UserService users, AuditTrail audit)
    {
        var role = ParseRole(request.Role);
        await users.SetRoleAsync(name, role, context.RequestAborted);
        Record(context, audit, AuditActions.UserRole, $"user {name} to role {RoleName(role)}");
        return Results.Ok(new { name, role = RoleName(role) });
    }

    public static async Task<IResult> ResetPasswordAsync(HttpContext context, string name, UserService users, AuditTrail audit)
    {
        var password = UserService.GeneratePassword();
        await users.SetPasswordAsync(name, password, context.RequestAborted);
        Record(context, audit, AuditActions.UserPassword, $"user {name}");
        return Results.Ok(new { name, password });
    }

    public static async Task<IResult> PullSecretAsync(HttpContext context, string name, UserService users, AuditTrail audit)
    {
        var password = UserService.GeneratePassword();
        await users.SetPasswordAsync(name, password, context.RequestAborted);
        Record(context, audit, AuditActions.UserPassword, $"user {name}, for a pull secret");
        return Results.Ok(PullSecret.For(context.Request.Host.Value!, name, password));
    }

    public static async Task<IResult> DeleteAsync(HttpContext context, string name, UserService users, AuditTrail audit)
    {
        if (context.Features.Get<ConsoleCaller>()?.Name == name) return ConsoleProblem.Of(StatusCodes.Status409Conflict, "you cannot delete your own account");
        await users.DeleteAsync(name, context.RequestAborted);
        Record(context, audit, AuditActions.UserDelete, $"user {name}");
        return Results.NoContent();
    }

    /// <summary><c>none</c>: no global role, only what grants on namespaces give (a team's account).</summary>
    internal static Role ParseRole(string? role) => EnumNames.Parse<Role>(role, "role", "none, pull, push, admin, metrics");

    private static string RoleName(Role role) => EnumNames.Of(role);

    private static void Record(HttpContext context, AuditTrail audit, string action, string detail) =>
        RepositoriesApi.Record(context, audit, action, null, null, detail);
}
