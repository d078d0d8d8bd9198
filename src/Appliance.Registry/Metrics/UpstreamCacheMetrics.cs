using Appliance.Core.Upstreams;
using Prometheus;

namespace Appliance.Registry.Metrics;

/// <summary>
/// The pull-through cache's counters (labels: kind of content, kind of failure; never a repository or host), and the same
/// counts since this instance started, for the console: the Prometheus counters are process-wide.
/// </summary>
public sealed class UpstreamCacheMetrics : IUpstreamCacheMetrics
{
    private const string Prefix = "appliance_upstream_cache_";

    private static readonly Counter Hits = Prometheus.Metrics.CreateCounter(Prefix + "hits_total",
        "Pulls of mapped repositories answered from the cache", new CounterConfiguration { LabelNames = ["kind"] });

    private static readonly Counter Misses = Prometheus.Metrics.CreateCounter(Prefix + "misses_total",
        "Pulls of mapped repositories that went to the upstream", new CounterConfiguration { LabelNames = ["kind"] });

    private static readonly Counter Bytes = Prometheus.Metrics.CreateCounter(Prefix + "upstream_bytes_total",
        "Blob bytes downloaded from upstreams");

    private static readonly Counter Errors = Prometheus.Metrics.CreateCounter(Prefix + "errors_total",
        "Upstream requests that failed, by kind of failure", new CounterConfiguration { LabelNames = ["failure"] });

    private static readonly Counter StaleAnswers = Prometheus.Metrics.CreateCounter(Prefix + "stale_total",
        "Cached tags served without revalidation because their upstream could not be asked");

    private long _hits, _misses, _bytes, _errors, _stale;

    public UpstreamCacheCounts Counts => new(Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _bytes),
        Interlocked.Read(ref _errors), Interlocked.Read(ref _stale));

    public void Hit(CachedKind kind)
    {
        Hits.WithLabels(Label(kind)).Inc();
        Interlocked.Increment(ref _hits);
    }

    public void Miss(CachedKind kind)
    {
        Misses.WithLabels(Label(kind)).Inc();
        Interlocked.Increment(ref _misses);
    }

    public void UpstreamBytes(long bytes)
    {
        Bytes.Inc(bytes);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void Error(UpstreamFailure failure)
    {
        Errors.WithLabels(failure.ToString().ToLowerInvariant()).Inc();
        Interlocked.Increment(ref _errors);
    }

    public void Stale()
    {
        StaleAnswers.Inc();
        Interlocked.Increment(ref _stale);
    }

    private static string Label(CachedKind kind) => kind == CachedKind.Manifest ? "manifest" : "blob";
}
