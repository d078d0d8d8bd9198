using Appliance.Core.Storage;

namespace Appliance.Registry.Hosting;

/// <summary>Prepares the data directory and schema before the server takes requests.</summary>
public sealed class StorageInitializer(IMetadataSchema metadata, IBlobStore blobStore)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await metadata.InitializeAsync(cancellationToken);
        // Proves the blob directories exist and take writes now, not at the first push.
        await blobStore.ProbeAsync(cancellationToken);
    }
}
