namespace Appliance.Registry.Metrics;

/// <summary>The pull-through cache's counts since the registry started (what its Prometheus counters add up).</summary>
public sealed record UpstreamCacheCounts(long Hits, long Misses, long UpstreamBytes, long Errors, long Stale);
