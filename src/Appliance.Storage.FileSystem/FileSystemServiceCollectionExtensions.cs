using Appliance.Core.Auth;
using Appliance.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.FileSystem;

public static class FileSystemServiceCollectionExtensions
{
    /// <summary>Blobs and the upload spool in a local directory (<see cref="FileSystemStorageOptions"/>).</summary>
    public static IServiceCollection AddFileSystemBlobStore(this IServiceCollection services) =>
        services.AddSingleton<IBlobStore, FileSystemBlobStore>();

    /// <summary>The token signing keys of a single registry, as files in its data directory (<see cref="FileSystemStorageOptions.AuthDirectory"/>).</summary>
    public static IServiceCollection AddFileSigningKeyStore(this IServiceCollection services) =>
        services.AddSingleton<ISigningKeyStore, FileSigningKeyStore>();
}
