using Appliance.Registry.Configuration;
using Appliance.Registry.Tls;
using Appliance.Storage.FileSystem;
using Appliance.Storage.Postgres;
using Appliance.Storage.Sqlite;
using Appliance.Storage.S3;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Hosting;

/// <summary>The one place that picks the storage engines from the configuration: where blobs live, where metadata lives.</summary>
public static class StorageRegistration
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<StorageInitializer>();
        // The data directory's layout is the filesystem engine's, whichever engines hold blobs and metadata: a single
        // registry keeps its signing keys there too.
        services.FromDataDirectory<FileSystemStorageOptions>((engine, storage) => engine.Directory = storage.DataDirectory);
        AddBlobStore(services, configuration);
        return AddMetadata(services, configuration);
    }

    private static IServiceCollection AddBlobStore(IServiceCollection services, IConfiguration configuration)
    {
        var driver = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.Driver ?? "filesystem";
        switch (driver.ToLowerInvariant())
        {
            case "filesystem":
                return services.AddFileSystemBlobStore();
            case "s3":
                services.Configure<S3StorageOptions>(configuration.GetSection(S3StorageOptions.Section));
                return services.AddS3BlobStore();
            default:
                throw new FormatException($"{StorageOptions.Section}.driver: '{driver}' is not one of filesystem, s3");
        }
    }

    /// <summary>
    /// Also where the state replicas must share lives: a single registry keeps its token signing keys in &lt;data&gt;/auth,
    /// its certificate only in its TLS directory and its failed logins in memory; replicas on PostgreSQL share all three
    /// through the database.
    /// </summary>
    private static IServiceCollection AddMetadata(IServiceCollection services, IConfiguration configuration)
    {
        var driver = configuration.GetSection(MetadataOptions.Section).Get<MetadataOptions>()?.Driver ?? new MetadataOptions().Driver;
        return driver.ToLowerInvariant() switch
        {
            "sqlite" => services.FromDataDirectory<SqliteOptions>((engine, storage) => engine.DatabasePath = storage.DatabasePath)
                .AddSqliteMetadata()
                .AddFileSigningKeyStore(),
            "postgres" => services.Configure<PostgresOptions>(configuration.GetSection(PostgresOptions.Section)).AddPostgresMetadata()
                .AddSingleton<SharedCertificateSync>()
                .AddHostedService(provider => provider.GetRequiredService<SharedCertificateSync>()),
            _ => throw new FormatException($"{MetadataOptions.Section}.driver: '{driver}' is not one of sqlite, postgres"),
        };
    }

    /// <summary>An engine's options that follow the data directory of <see cref="StorageOptions"/>, however that is configured.</summary>
    private static IServiceCollection FromDataDirectory<TOptions>(this IServiceCollection services, Action<TOptions, StorageOptions> configure)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Configure<IOptions<StorageOptions>>((engine, storage) => configure(engine, storage.Value));
        return services;
    }
}
