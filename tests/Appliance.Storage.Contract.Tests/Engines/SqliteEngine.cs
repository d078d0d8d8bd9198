using Appliance.Storage.FileSystem;
using Appliance.Storage.Sqlite;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Contract.Tests.Engines;

/// <summary>
/// The single-host metadata: one SQLite file in the data directory (removed with it), with what a single registry keeps
/// beside it (signing keys as files, failed logins in memory), registered as the registry's <c>StorageRegistration</c> does for
/// <c>metadata.driver: sqlite</c>.
/// </summary>
public sealed class SqliteEngine : IMetadataEngine
{
    public Task AddAsync(IServiceCollection services, TestDirectory directory, CancellationToken cancellationToken)
    {
        services.Configure<SqliteOptions>(options => options.DatabasePath = directory.Combine("registry.db"))
            .Configure<FileSystemStorageOptions>(options => options.Directory = directory.Path)
            .AddSqliteMetadata()
            .AddFileSigningKeyStore();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
