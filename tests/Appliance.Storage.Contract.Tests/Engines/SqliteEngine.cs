using Appliance.Core.Auth;
using Appliance.Registry.Auth;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Contract.Tests.Engines;

/// <summary>
/// The single-host metadata: one SQLite file in the data directory (removed with it), with what a single registry keeps
/// beside it (signing keys as files, failed logins in memory), registered as <c>StorageRegistration</c> does for
/// <c>metadata.driver: sqlite</c>.
/// </summary>
public sealed class SqliteEngine : IMetadataEngine
{
    public Task AddAsync(IServiceCollection services, TestDirectory directory, CancellationToken cancellationToken)
    {
        services.AddSqliteMetadata()
            .AddSingleton<ISigningKeyStore, FileSigningKeyStore>()
            .AddSingleton<ILoginFailureStore, MemoryLoginFailureStore>();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
