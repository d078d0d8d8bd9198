using System.Diagnostics;
using Appliance.Testing;

namespace Appliance.Clients.Tests;

/// <summary>
/// A daemon of the test's own: everything it writes lives in one fresh directory, and it is started and stopped by its
/// PID (SIGTERM, then SIGKILL after a grace period), so no system daemon or file outside that directory is touched.
/// </summary>
public abstract class TestDaemon : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);
    private ServerProcess? _process;

    /// <param name="prefix">Short: the daemon's unix sockets live in the directory, and their paths are limited to 107 bytes.</param>
    protected TestDaemon(string prefix) => Directory = new TestDirectory(prefix);

    protected TestDirectory Directory { get; }

    protected async Task StartProcessAsync(ProcessStartInfo start, Func<Task<bool>> isReady, TimeSpan timeout) =>
        _process = await ServerProcess.StartAsync(start, isReady, timeout);

    /// <summary>Makes a daemon whose start failed half way leave nothing behind either.</summary>
    protected static async Task<T> StartedOrDisposedAsync<T>(T daemon, Func<Task> start) where T : TestDaemon
    {
        try
        {
            await start();
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(StopGrace);
            _process.Dispose();
        }
        Directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
