using Appliance.Storage;
using Appliance.Storage.S3;

namespace Appliance.Registry.Hosting;

/// <summary>The one place that picks where blobs live, from <c>storage.driver</c>.</summary>
public static class BlobStoreRegistration
{
    public static IServiceCollection AddBlobStore(this IServiceCollection services, IConfiguration configuration)
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
                throw new FormatException($"storage.driver: '{driver}' is not one of filesystem, s3");
        }
    }
}
