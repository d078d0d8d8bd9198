using Appliance.Core.Storage;
using Appliance.Registry.Tls;
using Microsoft.Extensions.Options;

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
            IOptions<TlsOptions> tls, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            try
            {
                await catalog.PingAsync(cancellationToken);
                await blobStore.ProbeAsync(cancellationToken);
                var certificate = tls.Value.Enabled ? services.GetRequiredService<ServerCertificateProvider>().CurrentInfo : null;
                return Results.Json(ReadinessReport.Ready(certificate), ReadinessJsonContext.Default.ReadinessReport);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
            {
                loggers.CreateLogger("Appliance.Registry.Health").LogError(e, "Readiness check failed");
                return Results.Json(ReadinessReport.Unavailable(e.Message), ReadinessJsonContext.Default.ReadinessReport,
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return endpoints;
    }
}
