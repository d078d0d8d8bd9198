using Appliance.Core.GarbageCollection;
using Appliance.Registry.Auth;

namespace Appliance.Registry.Maintenance;

public static class AdminEndpoints
{
    /// <summary><c>POST /admin/gc[?dryRun=true]</c>: an admin starts a collection and gets its report.</summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/admin/gc", async (HttpContext context, RegistryAuthorizer authorizer, GarbageCollector collector, bool? dryRun) =>
        {
            if (await authorizer.AuthorizeAdminAsync(context) is null) return;
            var report = await collector.RunAsync(dryRun ?? false, progress: null, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(new
            {
                report.DryRun, report.ManifestsRemoved, report.LinksRemoved, report.BlobsRemoved, report.BytesReclaimed,
                report.UploadsExpired, durationSeconds = report.Duration.TotalSeconds,
            }, context.RequestAborted);
        });
        return endpoints;
    }
}
