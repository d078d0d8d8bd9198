using Appliance.Core.Audit;
using Appliance.Core.Identity;
using Appliance.Registry.Audit;
using Appliance.Registry.Auth;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// <c>/api/v1/grants</c>: who may pull, push or administer which namespaces. Registry admins see and change every grant, a
/// namespace admin those on the namespaces it administers (<see cref="ManagedNamespaces"/>). A grant is removed with
/// <c>DELETE /api/v1/grants?kind=&amp;principal=&amp;namespace=</c>.
/// </summary>
public static class GrantsApi
{
    public sealed record GrantRequest(string? Kind, string? Principal, string? Namespace, string? Permission);

    public static async Task<IResult> ListAsync(HttpContext context, GrantService grants, CallerAccess access, CancellationToken cancel)
    {
        var managed = await ManagedNamespaces.OfAsync(context, access);
        if (managed.Refusal is { } refused) return refused;
        return Results.Ok((await grants.ListAsync(cancel)).Where(grant => managed.Covers(grant.Namespace)).Select(ToJson));
    }

    /// <summary>Adds the grant, or changes the permission of the principal's grant on that pattern.</summary>
    public static async Task<IResult> SetAsync(HttpContext context, GrantRequest request, GrantService grants, CallerAccess access, AuditTrail audit)
    {
        var kind = ParseKind(request.Kind);
        var grant = new Grant(kind, PrincipalOf(kind, request.Principal), request.Namespace ?? "",
            EnumNames.Parse<NamespacePermission>(request.Permission, "permission", "pull, push or admin"));
        var managed = await ManagedNamespaces.OfAsync(context, access);
        if (managed.RefusalFor(grant.Namespace) is { } refused) return refused;
        var changed = await grants.SetAsync(grant, context.RequestAborted);
        if (changed) RepositoriesApi.Record(context, audit, AuditActions.GrantSet, null, null, IdentityAuditDetail.GrantSet(grant));
        return Results.Ok(new { grant = ToJson(grant), changed });
    }

    public static async Task<IResult> RemoveAsync(HttpContext context, GrantService grants, CallerAccess access, AuditTrail audit,
        string? kind, string? principal, string? @namespace)
    {
        var parsedKind = ParseKind(kind);
        var name = PrincipalOf(parsedKind, principal);
        var pattern = @namespace ?? throw new ArgumentException("namespace is required");
        var managed = await ManagedNamespaces.OfAsync(context, access);
        if (managed.RefusalFor(pattern) is { } refused) return refused;
        try
        {
            await grants.RemoveAsync(parsedKind, name, pattern, context.RequestAborted);
        }
        catch (InvalidOperationException missing)
        {
            return ConsoleProblem.Of(StatusCodes.Status404NotFound, missing.Message);
        }
        RepositoriesApi.Record(context, audit, AuditActions.GrantRemove, null, null, IdentityAuditDetail.GrantRemove(parsedKind, name, pattern));
        return Results.NoContent();
    }

    private static PrincipalKind ParseKind(string? kind) => EnumNames.Parse<PrincipalKind>(kind, "kind", "user, group, robot or anonymous");

    /// <summary>Anonymous grants name nobody; the others must name someone.</summary>
    private static string PrincipalOf(PrincipalKind kind, string? principal) =>
        kind == PrincipalKind.Anonymous ? principal ?? "" : string.IsNullOrEmpty(principal) ? throw new ArgumentException($"a {EnumNames.Of(kind)} grant names its principal") : principal;

    private static object ToJson(Grant grant) => new
    {
        kind = EnumNames.Of(grant.Kind), grant.Principal, grant.Namespace, permission = EnumNames.Of(grant.Permission),
    };
}
