using Prometheus;

namespace Appliance.Registry.Metrics;

/// <summary>
/// Every metric the registry exports, defined once (prometheus-net's default registry). Labels never carry a repository
/// name, user name or digest: their number must stay small whatever the registry holds.
/// </summary>
public static class RegistryMetrics
{
    private const string Prefix = "appliance_";

    // Declared first, so it runs before any metric below is registered: the process metrics stay, the adapters that
    // republish every .NET event counter and meter (hundreds of series, and memory) go.
    private static readonly bool DefaultsSuppressed = SuppressDefaults();

    public static readonly Histogram Requests = Prometheus.Metrics.CreateHistogram(Prefix + "http_request_duration_seconds",
        "HTTP requests by method, kind of route and status, with their duration",
        new HistogramConfiguration
        {
            LabelNames = ["method", "route", "status"],
            Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
        });

    public static readonly Counter BlobBytesReceived = Prometheus.Metrics.CreateCounter(Prefix + "blob_bytes_received_total",
        "Bytes of blob uploads read from clients");

    public static readonly Counter BlobBytesSent = Prometheus.Metrics.CreateCounter(Prefix + "blob_bytes_sent_total",
        "Bytes of blobs sent to clients");

    public static readonly Counter FailedLogins = Prometheus.Metrics.CreateCounter(Prefix + "login_failures_total",
        "Logins refused for a wrong user name or password");

    public static readonly Counter ThrottledLogins = Prometheus.Metrics.CreateCounter(Prefix + "login_throttled_total",
        "Logins refused with 429 because of earlier failures");

    public static readonly Counter TokensIssued = Prometheus.Metrics.CreateCounter(Prefix + "tokens_issued_total",
        "Bearer tokens issued by the token endpoint");

    public static readonly Counter GcRuns = Prometheus.Metrics.CreateCounter(Prefix + "gc_runs_total",
        "Garbage collections run (dry runs included)", new CounterConfiguration { LabelNames = ["dry_run"] });

    public static readonly Histogram GcDuration = Prometheus.Metrics.CreateHistogram(Prefix + "gc_duration_seconds",
        "Duration of garbage collections", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.01, 4, 10) });

    public static readonly Counter GcBytesReclaimed = Prometheus.Metrics.CreateCounter(Prefix + "gc_reclaimed_bytes_total",
        "Blob bytes removed by garbage collection");

    public static readonly Counter SyncRuns = Prometheus.Metrics.CreateCounter(Prefix + "sync_runs_total",
        "Sync job runs, by whether every image was copied", new CounterConfiguration { LabelNames = ["outcome"] });
    public static readonly Counter SyncImagesCopied = Prometheus.Metrics.CreateCounter(Prefix + "sync_images_copied_total", "Images sync jobs copied");
    public static readonly Counter SyncBytesCopied = Prometheus.Metrics.CreateCounter(Prefix + "sync_copied_bytes_total",
        "Blob bytes sync jobs downloaded from upstreams");

    public static readonly Gauge Repositories = Prometheus.Metrics.CreateGauge(Prefix + "repositories", "Repositories");
    public static readonly Gauge Manifests = Prometheus.Metrics.CreateGauge(Prefix + "manifests", "Manifests, counted per repository");
    public static readonly Gauge Tags = Prometheus.Metrics.CreateGauge(Prefix + "tags", "Tags");
    public static readonly Gauge Blobs = Prometheus.Metrics.CreateGauge(Prefix + "blobs", "Blobs, each counted once");
    public static readonly Gauge StoredBytes = Prometheus.Metrics.CreateGauge(Prefix + "stored_bytes", "Bytes of all blobs, each counted once");
    public static readonly Gauge UploadsInProgress = Prometheus.Metrics.CreateGauge(Prefix + "uploads_in_progress", "Upload sessions not yet completed");
    public static readonly Gauge FilesystemFreeBytes = Prometheus.Metrics.CreateGauge(Prefix + "filesystem_free_bytes",
        "Bytes available to the registry on the filesystem of its data directory");
    public static readonly Gauge CertificateExpirySeconds = Prometheus.Metrics.CreateGauge(Prefix + "certificate_expiry_seconds",
        "Seconds until the served TLS certificate expires (negative once expired)");

    /// <summary>
    /// Per namespace with a quota: namespaces are few (teams, products, mirrors), unlike repositories, so the label's values stay
    /// bounded; a namespace whose quota goes is unpublished.
    /// </summary>
    public static readonly Gauge NamespaceQuotaRatio = Prometheus.Metrics.CreateGauge(Prefix + "namespace_quota_ratio",
        "Unique bytes of a namespace divided by its quota's limit (1 = at the limit)", new GaugeConfiguration { LabelNames = ["namespace"] });

    private static bool SuppressDefaults()
    {
        Prometheus.Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressProcessMetrics = false, SuppressDebugMetrics = true, SuppressEventCounters = true, SuppressMeters = true,
        });
        return true;
    }
}
