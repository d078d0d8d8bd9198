using Appliance.Core.Configuration;
using Appliance.Core.Manifests;
using Appliance.Core.Storage;
using Appliance.Core.Upstreams;
using Appliance.Registry.Configuration;
using Appliance.Registry.Metrics;
using Appliance.Upstream;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Hosting;

/// <summary>
/// The upstreams, when <c>upstreams.mappings</c> names any (their settings checked at start, one clear line for the first
/// problem), and the pull-through cache, which without them proxies nothing.
/// </summary>
public static class UpstreamRegistration
{
    public static IServiceCollection AddUpstreams(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<UpstreamCacheOptions>(configuration.GetSection(UpstreamOptions.Section));
        services.AddSingleton<UpstreamCacheMetrics>().AddSingleton<IUpstreamCacheMetrics>(provider => provider.GetRequiredService<UpstreamCacheMetrics>());
        services.AddSingleton(provider => new PullThroughCache(provider.GetService<IUpstreams>(), provider.GetRequiredService<IUpstreamCacheIndex>(),
            provider.GetRequiredService<IManifestIndex>(), provider.GetRequiredService<ManifestParser>(), provider.GetRequiredService<IBlobStore>(),
            provider.GetRequiredService<IBlobIndex>(), provider.GetRequiredService<IUpstreamCacheMetrics>(),
            provider.GetRequiredService<IOptions<UpstreamCacheOptions>>(), provider.GetRequiredService<IOptions<RegistryOptions>>(),
            new UpstreamFillDirectory(Path.Combine(provider.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory, "upstream-fill")),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<PullThroughCache>>()));
        var options = configuration.GetSection(UpstreamOptions.Section).Get<UpstreamOptions>();
        if (options is not { Enabled: true }) return services;
        if (UpstreamOptionsValidation.Validate(options) is [var first, ..]) throw new FormatException(first);
        return services.AddSingleton(options)
            .AddSingleton<IUpstreams>(provider => new HttpUpstreams(options, provider.GetRequiredService<TimeProvider>()));
    }
}
