using Appliance.Core.Upstreams;
using Appliance.Upstream;

namespace Appliance.Registry.Hosting;

/// <summary>The upstreams, when <c>upstreams.mappings</c> names any: their settings checked at start, one clear line for the first problem.</summary>
public static class UpstreamRegistration
{
    public static IServiceCollection AddUpstreams(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<UpstreamCacheOptions>(configuration.GetSection(UpstreamOptions.Section));
        var options = configuration.GetSection(UpstreamOptions.Section).Get<UpstreamOptions>();
        if (options is not { Enabled: true }) return services;
        if (UpstreamOptionsValidation.Validate(options) is [var first, ..]) throw new FormatException(first);
        return services.AddSingleton(options)
            .AddSingleton<IUpstreams>(provider => new HttpUpstreams(options, provider.GetRequiredService<TimeProvider>()));
    }
}
