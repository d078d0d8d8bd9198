using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Quotas;
using Appliance.Core.Storage;
using Appliance.Core.Upstreams;
using Appliance.Storage.Relational;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>The metadata in one SQLite database (<see cref="SqliteOptions"/>).</summary>
    public static IServiceCollection AddSqliteMetadata(this IServiceCollection services)
    {
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IMetadataSchema>(provider => provider.GetRequiredService<SqliteDatabase>());
        services.AddRelationalStores<SqliteDatabase>();
        services.AddSingleton<IBlobIndex, SqliteBlobIndex>();
        services.AddSingleton<IManifestIndex, SqliteManifestIndex>();
        services.AddSingleton<IRepositoryBrowser, SqliteRepositoryBrowser>();
        services.AddSingleton<IAuditLog, SqliteAuditLog>();
        services.AddSingleton<SqliteGarbageCollectionIndex>();
        services.AddSingleton<IGarbageCollectionIndex>(provider => provider.GetRequiredService<SqliteGarbageCollectionIndex>());
        services.AddSingleton<IExpiredUploads>(provider => provider.GetRequiredService<SqliteGarbageCollectionIndex>());
        services.AddSingleton<IMetadataBackup, SqliteMetadataBackup>();
        services.AddSingleton<INamespaceUsageReconciler, SqliteNamespaceUsageReconciler>();
        services.AddSingleton<ISyncRunClaim, SqliteSyncClaim>();
        // A single registry's failed logins: in its memory, as PostgreSQL keeps the replicas' in the database.
        services.AddSingleton<ILoginFailureStore, MemoryLoginFailureStore>();
        return services;
    }
}
