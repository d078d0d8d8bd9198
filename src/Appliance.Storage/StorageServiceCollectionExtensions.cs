using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Storage;
using Appliance.Storage.FileSystem;
using Appliance.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The filesystem blob store and the SQLite metadata store; options come from <see cref="StorageOptions"/>.</summary>
    public static IServiceCollection AddFileSystemAndSqliteStorage(this IServiceCollection services)
    {
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<StorageInitializer>();
        services.AddSingleton<IBlobStore, FileSystemBlobStore>();
        services.AddSingleton<IBlobIndex, SqliteBlobIndex>();
        services.AddSingleton<IUploadSessions, SqliteUploadSessions>();
        services.AddSingleton<IManifestIndex, SqliteManifestIndex>();
        services.AddSingleton<IRepositoryCatalog, SqliteRepositoryCatalog>();
        services.AddSingleton<IUserStore, SqliteUserStore>();
        services.AddSingleton<IRegistryStatistics, SqliteRegistryStatistics>();
        services.AddSingleton<IRepositoryBrowser, SqliteRepositoryBrowser>();
        services.AddSingleton<IAuditLog, SqliteAuditLog>();
        services.AddSingleton<SqliteGarbageCollectionIndex>();
        services.AddSingleton<IGarbageCollectionIndex>(provider => provider.GetRequiredService<SqliteGarbageCollectionIndex>());
        services.AddSingleton<IExpiredUploads>(provider => provider.GetRequiredService<SqliteGarbageCollectionIndex>());
        return services;
    }
}
