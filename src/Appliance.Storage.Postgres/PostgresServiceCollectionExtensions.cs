using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Quotas;
using Appliance.Core.Storage;
using Appliance.Core.Upstreams;
using Appliance.Core.Tls;
using Appliance.Storage.Relational;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Postgres;

public static class PostgresServiceCollectionExtensions
{
    /// <summary>The metadata in PostgreSQL; connection settings come from <see cref="PostgresOptions"/>.</summary>
    public static IServiceCollection AddPostgresMetadata(this IServiceCollection services)
    {
        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<IMetadataSchema>(provider => provider.GetRequiredService<PostgresDatabase>());
        services.AddRelationalStores<PostgresDatabase>();
        services.AddSingleton<IBlobIndex, PostgresBlobIndex>();
        services.AddSingleton<IManifestIndex, PostgresManifestIndex>();
        services.AddSingleton<IRepositoryBrowser, PostgresRepositoryBrowser>();
        services.AddSingleton<IAuditLog, PostgresAuditLog>();
        // What a single registry keeps in its data directory or memory, shared here by every replica.
        services.AddSingleton<ISigningKeyStore, PostgresSigningKeyStore>();
        services.AddSingleton<ISharedCertificateStore, PostgresSharedCertificateStore>();
        services.AddSingleton<ILoginFailureStore, PostgresLoginFailureStore>();
        services.AddSingleton<GarbageCollectionClaim>();
        services.AddSingleton<ISyncRunClaim, PostgresSyncClaim>();
        services.AddSingleton<PostgresGarbageCollectionIndex>();
        services.AddSingleton<IGarbageCollectionIndex>(provider => provider.GetRequiredService<PostgresGarbageCollectionIndex>());
        services.AddSingleton<IExpiredUploads>(provider => provider.GetRequiredService<PostgresGarbageCollectionIndex>());
        services.AddSingleton<IMetadataBackup, PostgresMetadataBackup>();
        services.AddSingleton<INamespaceUsageReconciler, PostgresNamespaceUsageReconciler>();
        services.AddSingleton<IStorageEngineCheck, PostgresEngineCheck>();
        return services;
    }
}
