using Appliance.Core.Audit;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Retention;
using Appliance.Registry.Audit;
using Appliance.Registry.Auth;

namespace Appliance.Registry.Maintenance;

public static class AdminEndpoints
{
    /// <summary>
    /// <c>POST /admin/gc[?dryRun=true]</c>: an admin starts a collection and gets its report;
    /// <c>POST /admin/retention[?dryRun=true][&amp;gc=true]</c>: an admin applies the retention policies (and starts a collection after);
    /// <c>POST /admin/keys/rotate</c>: a new token signing key.
    /// </summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/admin/gc", async (HttpContext context, RegistryAuthorizer authorizer, AuditedGarbageCollection collector, bool? dryRun) =>
        {
            if (await authorizer.AuthorizeAdminAsync(context) is not { } caller) return;
            GarbageCollectionReport report;
            try
            {
                report = await collector.RunAsync(dryRun ?? false, caller.UserName, CallerResolver.ClientAddress(context), origin: null, progress: null,
                    context.RequestAborted);
            }
            catch (GarbageCollectionBusyException busy)
            {
                context.Response.StatusCode = StatusCodes.Status409Conflict;
                await context.Response.WriteAsJsonAsync(new { error = busy.Message }, context.RequestAborted);
                return;
            }
            await context.Response.WriteAsJsonAsync(new
            {
                report.DryRun, report.ManifestsRemoved, report.LinksRemoved, report.BlobsRemoved, report.BytesReclaimed,
                report.UploadsExpired, durationSeconds = report.Duration.TotalSeconds,
            }, context.RequestAborted);
        });
        endpoints.MapPost("/admin/retention", async (HttpContext context, RegistryAuthorizer authorizer, AuditedRetention retention, bool? dryRun, bool? gc) =>
        {
            if (await authorizer.AuthorizeAdminAsync(context) is not { } caller) return;
            try
            {
                var outcome = await retention.RunAsync(dryRun ?? false, gc ?? false, include: null, caller.UserName, CallerResolver.ClientAddress(context),
                    origin: null, context.RequestAborted);
                await context.Response.WriteAsJsonAsync(outcome.ToJson(), context.RequestAborted);
            }
            catch (Exception busy) when (busy is RetentionBusyException or GarbageCollectionBusyException)
            {
                context.Response.StatusCode = StatusCodes.Status409Conflict;
                await context.Response.WriteAsJsonAsync(new { error = busy.Message }, context.RequestAborted);
            }
        });
        // The previous key keeps validating, so tokens already issued stay good until they expire.
        endpoints.MapPost("/admin/keys/rotate", async (HttpContext context, RegistryAuthorizer authorizer, TokenSigningKeys keys, AuditTrail audit) =>
        {
            if (await authorizer.AuthorizeAdminAsync(context) is null) return;
            await keys.RotateAsync(context.RequestAborted);
            audit.Record(context, AuditActions.KeyRotate, detail: $"signing key {keys.Current.KeyId}");
            await context.Response.WriteAsJsonAsync(new { signingKey = keys.Current.KeyId, validating = keys.Keys.Select(k => k.KeyId) },
                context.RequestAborted);
        });
        return endpoints;
    }
}
