using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Configuration;
using Appliance.Core.Identity;
using Appliance.Core.Quotas;
using Appliance.Registry.Audit;
using Appliance.Registry.Auth;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// <c>/api/v1/quotas</c>: every caller sees the quotas of the namespaces it may read (<see cref="QuotaJson"/>); registry
/// admins set and clear them, <c>_default</c> naming the default quota ('_' never starts a namespace). Namespace admins do not:
/// a limit its own admins could raise would not limit them.
/// </summary>
public static class QuotasApi
{
    public const string DefaultSegment = "_default";

    /// <param name="Limit">A size as admins write it (20GiB, 1.5TB, or bytes).</param>
    public sealed record QuotaRequest(string? Limit, int? WarnPercent, int? RejectPercent);

    public static async Task<IResult> ListAsync(HttpContext context, QuotaService quotas, CallerAccess access, CancellationToken cancel)
    {
        var readable = await access.ReadablePatternsAsync(context.Features.Get<ConsoleCaller>()!.Principal, cancel);
        var snapshot = await quotas.ReadAsync(cancel);
        return Results.Ok(snapshot.Statuses()
            .Where(status => readable is null || readable.Any(pattern => NamespacePattern.Matches(pattern, status.Namespace)))
            .Select(QuotaJson.From));
    }

    /// <summary>The default quota (admins): 404 when none is set.</summary>
    public static async Task<IResult> GetDefaultAsync(QuotaService quotas, CancellationToken cancel) =>
        (await quotas.ReadAsync(cancel)).Default is { } quota
            ? Results.Ok(new { limitBytes = quota.LimitBytes, warnPercent = quota.WarnPercent, rejectPercent = quota.RejectPercent })
            : ConsoleProblem.Of(StatusCodes.Status404NotFound, "no default quota is set: namespaces without a quota of their own have no limit");

    public static async Task<IResult> SetAsync(HttpContext context, string @namespace, QuotaRequest request, QuotaService quotas, AuditTrail audit)
    {
        var name = StoredName(@namespace);
        var quota = new Quota(ByteSizes.Parse(request.Limit, "limit"), request.WarnPercent ?? Quota.DefaultWarnPercent,
            request.RejectPercent ?? Quota.DefaultRejectPercent);
        var changed = await quotas.SetAsync(name, quota, context.RequestAborted);
        if (changed) Record(context, audit, AuditActions.QuotaSet, name, quota.ToString());
        return Results.Ok(new { @namespace, limitBytes = quota.LimitBytes, quota.WarnPercent, quota.RejectPercent, changed });
    }

    public static async Task<IResult> ClearAsync(HttpContext context, string @namespace, QuotaService quotas, AuditTrail audit)
    {
        var name = StoredName(@namespace);
        try
        {
            await quotas.ClearAsync(name, context.RequestAborted);
        }
        catch (InvalidOperationException missing)
        {
            return ConsoleProblem.Of(StatusCodes.Status404NotFound, missing.Message);
        }
        Record(context, audit, AuditActions.QuotaClear, name, null);
        return Results.NoContent();
    }

    private static string StoredName(string segment) => segment == DefaultSegment ? NamespaceQuota.Default : segment;

    private static void Record(HttpContext context, AuditTrail audit, string action, string @namespace, string? detail) =>
        audit.Record(action, context.Features.Get<ConsoleCaller>()?.Name, CallerResolver.ClientAddress(context), @namespace, null,
            detail is null ? "from the console" : $"{detail}, from the console");
}
