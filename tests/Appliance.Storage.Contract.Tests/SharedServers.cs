using Appliance.Testing;

[assembly: AssemblyFixture(typeof(Appliance.Storage.Contract.Tests.SharedServers))]

namespace Appliance.Storage.Contract.Tests;

/// <summary>
/// The one PostgreSQL cluster and one Ceph of the test run (started by the first test that needs them, each test then makes
/// a database or bucket of its own), stopped when the last test is done rather than at process exit.
/// </summary>
public sealed class SharedServers : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await Task.WhenAll(CephRgw.StopSharedAsync(), PostgresServer.StopSharedAsync());
}
