using Appliance.Core.ClusterConfig;
using Appliance.Registry.Auth;

// Not "...Console": that namespace would hide System.Console from every Appliance.Registry.* file.
namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// The console's JSON API for connecting a cluster. <c>GET /api/v1/cluster-config?source=SOURCE=MIRROR&amp;prefix=P
/// &amp;registry=HOST:PORT&amp;mirrorSourcePolicy=...&amp;legacy=true</c> (an admin) answers the files
/// <c>appliance-registry cluster-config --out</c> writes, as <c>{name: content}</c>.
/// </summary>
public static class ClusterConfigEndpoints
{
    public static IEndpointRouteBuilder MapClusterConfig(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/cluster-config", async (HttpContext context, RegistryAuthorizer authorizer, ClusterConfigService service,
            string[]? source, string? prefix, string? registry, string? mirrorSourcePolicy, bool? legacy) =>
        {
            if (await authorizer.AuthorizeAdminAsync(context) is null) return;
            ClusterConfigResult result;
            try
            {
                var request = ClusterConfigInputs.Build(context.RequestServices, registry, source ?? [], prefix, mirrorSourcePolicy, legacy ?? false);
                result = await service.GenerateAsync(request, context.RequestAborted);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsJsonAsync(new { error = e.Message }, context.RequestAborted);
                return;
            }
            await context.Response.WriteAsJsonAsync(result.Files, context.RequestAborted);
        });
        return endpoints;
    }
}
