using Appliance.Core.GarbageCollection;
using Appliance.Core.Quotas;
using Appliance.Core.Storage;
using Appliance.Registry.Auth;
using Appliance.Registry.Tls;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Appliance.Registry.Metrics;

/// <summary><c>GET /metrics</c> in Prometheus' text format, and the values that are read when it is scraped.</summary>
public static class MetricsEndpoint
{
    private const string TextFormat = "text/plain; version=0.0.4; charset=utf-8";

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", async (HttpContext context, RegistryAuthorizer authorizer, IOptions<MetricsOptions> options,
            IRegistryStatistics statistics, IBlobStore blobStore, QuotaCache quotas, TimeProvider clock) =>
        {
            if (!options.Value.Anonymous && await authorizer.AuthorizeMetricsAsync(context) is null) return;
            // Counts come from the metadata store when scraped, not on every push.
            var counts = await statistics.CountAsync(context.RequestAborted);
            RegistryMetrics.Repositories.Set(counts.Repositories);
            RegistryMetrics.Manifests.Set(counts.Manifests);
            RegistryMetrics.Tags.Set(counts.Tags);
            RegistryMetrics.Blobs.Set(counts.Blobs);
            RegistryMetrics.StoredBytes.Set(counts.StoredBytes);
            RegistryMetrics.UploadsInProgress.Set(counts.UploadsInProgress);
            // An object store has no free bytes to report; the gauge is then left out rather than set to a made-up figure.
            if (blobStore.GetSpace() is { } space) RegistryMetrics.FilesystemFreeBytes.Set(space.AvailableBytes);
            else RegistryMetrics.FilesystemFreeBytes.Unpublish();
            if (context.RequestServices.GetService<ServerCertificateProvider>() is { } certificates && certificates.IsInitialized)
            {
                RegistryMetrics.CertificateExpirySeconds.Set((certificates.Current.TargetCertificate.NotAfter.ToUniversalTime() - clock.GetUtcNow().UtcDateTime).TotalSeconds);
            }
            PublishQuotaRatios(await quotas.GetAsync(context.RequestAborted));
            context.Response.ContentType = TextFormat;
            await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
        return endpoints;
    }

    private static void PublishQuotaRatios(QuotaSnapshot snapshot)
    {
        var statuses = snapshot.Statuses();
        foreach (var status in statuses) RegistryMetrics.NamespaceQuotaRatio.WithLabels(status.Namespace).Set(status.Ratio);
        var current = statuses.Select(status => status.Namespace).ToHashSet(StringComparer.Ordinal);
        foreach (var labels in RegistryMetrics.NamespaceQuotaRatio.GetAllLabelValues().Where(labels => !current.Contains(labels[0])).ToList())
        {
            RegistryMetrics.NamespaceQuotaRatio.RemoveLabelled(labels);
        }
    }

    /// <summary>GC runs are counted as they end, whoever started them (schedule, admin endpoint).</summary>
    public static void CountGarbageCollections(GarbageCollector collector) =>
        collector.Collected += report =>
        {
            RegistryMetrics.GcRuns.WithLabels(report.DryRun ? "true" : "false").Inc();
            if (report.DryRun) return;
            RegistryMetrics.GcDuration.Observe(report.Duration.TotalSeconds);
            RegistryMetrics.GcBytesReclaimed.Inc(report.BytesReclaimed);
        };
}
