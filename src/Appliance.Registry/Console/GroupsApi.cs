using Appliance.Core.Audit;
using Appliance.Core.Identity;
using Appliance.Registry.Audit;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// <c>/api/v1/groups</c> (registry admins): local groups and their members. A member is a user name, local or from the
/// directory; deleting a group deletes its grants too.
/// </summary>
public static class GroupsApi
{
    public sealed record NewGroup(string? Name);

    public sealed record NewMember(string? User);

    public static async Task<IResult> ListAsync(GroupService groups, CancellationToken cancel) =>
        Results.Ok((await groups.ListAsync(cancel)).Select(g => new { g.Name, g.Members }));

    public static async Task<IResult> AddAsync(HttpContext context, NewGroup request, GroupService groups, AuditTrail audit)
    {
        var name = request.Name ?? "";
        await groups.AddAsync(name, context.RequestAborted);
        Record(context, audit, AuditActions.GroupAdd, $"group {name}");
        return Results.Ok(new { name, members = Array.Empty<string>() });
    }

    public static async Task<IResult> DeleteAsync(HttpContext context, string name, GroupService groups, AuditTrail audit)
    {
        await groups.DeleteAsync(name, context.RequestAborted);
        Record(context, audit, AuditActions.GroupDelete, $"group {name}");
        return Results.NoContent();
    }

    public static async Task<IResult> AddMemberAsync(HttpContext context, string name, NewMember request, GroupService groups, AuditTrail audit)
    {
        var user = request.User ?? "";
        try
        {
            await groups.AddMemberAsync(name, user, context.RequestAborted);
        }
        catch (InvalidOperationException already) when (!already.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            return ConsoleProblem.Of(StatusCodes.Status409Conflict, already.Message);
        }
        Record(context, audit, AuditActions.GroupMemberAdd, $"user {user} to group {name}");
        return Results.NoContent();
    }

    public static async Task<IResult> RemoveMemberAsync(HttpContext context, string name, string user, GroupService groups, AuditTrail audit)
    {
        try
        {
            await groups.RemoveMemberAsync(name, user, context.RequestAborted);
        }
        catch (InvalidOperationException missing)
        {
            return ConsoleProblem.Of(StatusCodes.Status404NotFound, missing.Message);
        }
        Record(context, audit, AuditActions.GroupMemberRemove, $"user {user} from group {name}");
        return Results.NoContent();
    }

    private static void Record(HttpContext context, AuditTrail audit, string action, string detail) =>
        RepositoriesApi.Record(context, audit, action, null, null, detail);
}
