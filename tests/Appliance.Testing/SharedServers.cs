namespace Appliance.Testing;

/// <summary>
/// The one PostgreSQL cluster and one Ceph of a test process (started by the first test that needs them, each test then
/// makes a database or bucket of its own), stopped as an assembly fixture when the last test is done. Left to the
/// process-exit handlers, stopping them (Ceph's three daemons take seconds) ran after the test runner returned, and xunit
/// gives a process 10 seconds from there before it reports "foreground threads were left running" and exits with 1, every
/// test green. Each test project that can start them declares <c>[assembly: AssemblyFixture(typeof(SharedServers))]</c>.
/// </summary>
public sealed class SharedServers : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await Task.WhenAll(CephRgw.StopSharedAsync(), PostgresServer.StopSharedAsync());
}
