using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Core.Quotas;
using Appliance.Core.Retention;
using Appliance.Core.Storage;
using Appliance.Core.Usage;
using Appliance.Core.Upstreams;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Relational;

public static class RelationalServiceCollectionExtensions
{
    /// <summary>The stores written once for both SQL engines, on the engine's <typeparamref name="TDatabase"/>.</summary>
    public static IServiceCollection AddRelationalStores<TDatabase>(this IServiceCollection services) where TDatabase : class, IRelationalDatabase
    {
        services.AddSingleton<IRelationalDatabase>(provider => provider.GetRequiredService<TDatabase>());
        services.AddSingleton<IUploadSessions, RelationalUploadSessions>();
        services.AddSingleton<IRepositoryCatalog, RelationalRepositoryCatalog>();
        services.AddSingleton<IUserStore, RelationalUserStore>();
        services.AddSingleton<IGrantStore, RelationalGrantStore>();
        services.AddSingleton<IRobotStore, RelationalRobotStore>();
        services.AddSingleton<IGroupStore, RelationalGroupStore>();
        services.AddSingleton<ISyncJobStore, RelationalSyncJobStore>();
        services.AddSingleton<IRegistryStatistics, RelationalRegistryStatistics>();
        services.AddSingleton<IQuotaStore, RelationalQuotaStore>();
        services.AddSingleton<IUsageHistory, RelationalUsageHistory>();
        services.AddSingleton<INamespaceUsage, RelationalNamespaceUsage>();
        services.AddSingleton<IRetentionStore, RelationalRetentionStore>();
        services.AddSingleton<IUpstreamCacheIndex, RelationalUpstreamCacheIndex>();
        return services;
    }
}
