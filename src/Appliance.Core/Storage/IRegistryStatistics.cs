namespace Appliance.Core.Storage;

/// <summary>What the registry holds, counted by the metadata store (for metrics and the console's overview).</summary>
public interface IRegistryStatistics
{
    Task<RegistryStatistics> CountAsync(CancellationToken cancellationToken);
}

/// <param name="StoredBytes">The size of every blob once, however many repositories link it.</param>
public sealed record RegistryStatistics(long Repositories, long Manifests, long Tags, long Blobs, long StoredBytes, long UploadsInProgress);
