using Appliance.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.S3;

public static class S3StorageServiceCollectionExtensions
{
    /// <summary>Blobs in the bucket that <see cref="S3StorageOptions"/> names.</summary>
    public static IServiceCollection AddS3BlobStore(this IServiceCollection services) =>
        services.AddSingleton<IBlobStore, S3BlobStore>().AddSingleton<IStorageEngineCheck, S3EngineCheck>();
}
