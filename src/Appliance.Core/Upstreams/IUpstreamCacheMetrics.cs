namespace Appliance.Core.Upstreams;

/// <summary>What the pull-through cache counts: hits, misses, bytes fetched upstream, upstream errors, stale answers.</summary>
public interface IUpstreamCacheMetrics
{
    void Hit(CachedKind kind);

    void Miss(CachedKind kind);

    void UpstreamBytes(long bytes);

    void Error(UpstreamFailure failure);

    /// <summary>A cached tag served without revalidation because its upstream could not be asked.</summary>
    void Stale();
}
