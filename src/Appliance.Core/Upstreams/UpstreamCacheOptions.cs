namespace Appliance.Core.Upstreams;

/// <summary>How the pull-through cache keeps what it fetched; bound from the <c>upstreams</c> section beside the upstreams themselves.</summary>
public sealed class UpstreamCacheOptions
{
    /// <summary>A tag fetched through the cache is served as cached this long, then checked upstream again (a HEAD).</summary>
    public TimeSpan TagTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Cached content no pull used for this many days may be collected; 0 keeps it for good.</summary>
    public int UnusedDays { get; set; } = 30;
}
