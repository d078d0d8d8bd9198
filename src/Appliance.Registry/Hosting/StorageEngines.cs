using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Configuration;
using Appliance.Core.Identity;
using Appliance.Core.Integrity;
using Appliance.Core.Migration;
using Appliance.Core.Storage;
using Appliance.Registry.Configuration;

namespace Appliance.Registry.Hosting;

/// <summary>The storage engines of a registry as a migration sees them: a running registry's, or those a config file names.</summary>
public static class StorageEngines
{
    public static RegistryStores StoresOf(IServiceProvider services) => new(
        services.GetRequiredService<IBlobStore>(),
        services.GetRequiredService<IBlobIndex>(),
        services.GetRequiredService<IManifestIndex>(),
        services.GetRequiredService<IRepositoryCatalog>(),
        services.GetRequiredService<IUserStore>(),
        services.GetRequiredService<IGrantStore>(),
        services.GetRequiredService<IRobotStore>(),
        services.GetRequiredService<IGroupStore>(),
        services.GetRequiredService<IAuditLog>());

    /// <summary>
    /// The engines that <paramref name="configFile"/> names (storage and metadata only: no server, certificates, users or
    /// keys are made), checked the way a starting registry checks them; a store that cannot be reached or written throws
    /// that check's one line. Only the file counts: the environment's <c>APPLIANCE_*</c> settings are the source's.
    /// </summary>
    public static async Task<ServiceProvider> OpenAsync(string configFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(configFile)) throw new FileNotFoundException($"config file {configFile} does not exist", configFile);
        var configuration = new ConfigurationBuilder().Add(new YamlConfigurationSource(Path.GetFullPath(configFile))).Build();
        var provider = Services(configuration)
            .Configure<GarbageCollectionOptions>(configuration.GetSection(GarbageCollectionOptions.Section))
            .AddSingleton<BlobVerifier>()
            .BuildServiceProvider();
        try
        {
            // The blob store's probe leaves nothing behind; the metadata check creates the schema, so it goes second.
            await provider.GetRequiredService<IBlobStore>().ProbeAsync(cancellationToken);
            await provider.GetRequiredService<IMetadataSchema>().InitializeAsync(cancellationToken);
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>The storage engines <paramref name="configuration"/> names, registered as the server registers them, without the rest of the server.</summary>
    public static IServiceCollection Services(IConfiguration configuration) => new ServiceCollection()
        .AddLogging()
        .AddSingleton(TimeProvider.System)
        .Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section))
        .AddStorage(configuration);
}
