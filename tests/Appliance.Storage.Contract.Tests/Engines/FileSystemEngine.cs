using Appliance.Storage.FileSystem;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Contract.Tests.Engines;

/// <summary>Blobs in the store's data directory (removed with it).</summary>
public sealed class FileSystemEngine : IBlobStoreEngine
{
    public Task AddAsync(IServiceCollection services, TestDirectory directory, CancellationToken cancellationToken)
    {
        services.Configure<FileSystemStorageOptions>(options => options.Directory = directory.Path).AddFileSystemBlobStore();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
