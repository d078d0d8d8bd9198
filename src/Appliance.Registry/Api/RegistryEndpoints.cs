using Appliance.Core.Storage;

namespace Appliance.Registry.Api;

public static class RegistryEndpoints
{
    public static IServiceCollection AddRegistryApi(this IServiceCollection services) => services
        .AddSingleton<BlobsApi>()
        .AddSingleton<UploadsApi>()
        .AddSingleton<ManifestsApi>()
        .AddSingleton<ListingsApi>()
        .AddSingleton<ReferrersApi>()
        .AddSingleton<RegistryDispatcher>();

    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/v2/auth", ["GET", "POST"], (HttpContext context, Auth.TokenEndpoint tokens) => tokens.HandleAsync(context));
        endpoints.Map("/v2/{**path}", (HttpContext context, string? path, RegistryDispatcher dispatcher) => dispatcher.DispatchAsync(context, path));
        return endpoints;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", () => Results.Text("ok"));
        endpoints.MapGet("/health/ready", async (IRepositoryCatalog catalog, IBlobStore blobStore, ILoggerFactory loggers,
            CancellationToken cancellationToken) =>
        {
            try
            {
                await catalog.PingAsync(cancellationToken);
                await blobStore.ProbeAsync(cancellationToken);
                return Results.Json(new { status = "ready" });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                loggers.CreateLogger("Appliance.Registry.Health").LogError(e, "Readiness check failed");
                return Results.Json(new { status = "unavailable", reason = e.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return endpoints;
    }
}
