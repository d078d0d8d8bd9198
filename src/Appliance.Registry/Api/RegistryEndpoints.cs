using Appliance.Core.Identity;
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
            string reason;
            try
            {
                var unanswered = await ReadinessCheck.UnansweredAsync(catalog, blobStore, cancellationToken);
                if (unanswered is null)
                {
                    var certificate = tls.Value.Enabled ? services.GetRequiredService<ServerCertificateProvider>().CurrentInfo : null;
                    var directory = await ReadinessCheck.DirectoryAsync(services.GetService<IDirectory>(), cancellationToken);
                    return Results.Json(ReadinessReport.Ready(certificate) with { Directory = directory }, ReadinessJsonContext.Default.ReadinessReport);
                }
                loggers.CreateLogger("Appliance.Registry.Health").LogError("Readiness check failed: {Reason}", unanswered);
                reason = unanswered;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                loggers.CreateLogger("Appliance.Registry.Health").LogError(e, "Readiness check failed");
                reason = e.Message;
            }
            return Results.Json(ReadinessReport.Unavailable(reason), ReadinessJsonContext.Default.ReadinessReport,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
