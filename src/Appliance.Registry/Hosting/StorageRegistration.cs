using Appliance.Core.Configuration;
using Appliance.Storage;
using Appliance.Storage.Postgres;

namespace Appliance.Registry.Hosting;

/// <summary>The one place that picks the storage engines from the configuration: where blobs live, where metadata lives.</summary>
public static class StorageRegistration
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFileSystemBlobStore();
        return AddMetadata(services, configuration.GetSection(MetadataOptions.Section).Get<MetadataOptions>() ?? new MetadataOptions());
    }

    private static IServiceCollection AddMetadata(IServiceCollection services, MetadataOptions metadata) =>
        metadata.Driver.ToLowerInvariant() switch
        {
            "sqlite" => services.AddSqliteMetadata(),
            "postgres" => services.AddPostgresMetadata(),
            _ => throw new FormatException($"{MetadataOptions.Section}.driver: '{metadata.Driver}' is not one of sqlite, postgres"),
        };

    /// <summary>Whether the metadata is in PostgreSQL, for commands that work on the SQLite file only.</summary>
    public static bool UsesPostgres(IConfiguration configuration) =>
        string.Equals(configuration.GetSection(MetadataOptions.Section).Get<MetadataOptions>()?.Driver, "postgres", StringComparison.OrdinalIgnoreCase);
}
