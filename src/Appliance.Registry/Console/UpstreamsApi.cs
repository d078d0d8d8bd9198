using Appliance.Core.ClusterConfig;
using Appliance.Core.Upstreams;
using Appliance.Registry.Metrics;
using Appliance.Upstream;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// <c>GET /api/v1/upstreams</c> (admin): the configured upstreams with their mappings and how they authenticate (a word, never
/// a credential), the pull-through cache's counts since start, and what it holds per local repository.
/// </summary>
public static class UpstreamsApi
{
    public static async Task<IResult> GetAsync(IServiceProvider services, UpstreamCacheMetrics metrics, IUpstreamCacheIndex cache, CancellationToken cancel)
    {
        var mappings = (services.GetService<UpstreamOptions>()?.Mappings ?? []).Select(MirrorSource.Parse).ToArray();
        var upstreams = (services.GetService<IUpstreams>()?.Registries ?? []).Select(registry => new
        {
            registry.Host,
            authentication = EnumNames.Of(registry.Authentication),
            mappings = mappings.Where(m => HostOf(m.Source).Equals(registry.Host, StringComparison.OrdinalIgnoreCase))
                .Select(m => new { m.Source, m.Mirror }),
        });
        var repositories = (await cache.SummarizeAsync(cancel)).Select(r => new { repository = r.Repository.Value, r.Manifests, r.Blobs, r.Bytes, r.LastUsed });
        return Results.Ok(new { upstreams, counts = metrics.Counts, repositories });
    }

    private static string HostOf(string source) => source.IndexOf('/') is var slash and > 0 ? source[..slash] : source;
}
