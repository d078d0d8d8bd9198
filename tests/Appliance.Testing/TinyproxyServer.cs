using System.Diagnostics;

namespace Appliance.Testing;

/// <summary>
/// A real forward proxy (Debian's <c>tinyproxy</c>) on a free loopback port, in the foreground with a configuration, PID
/// file and log file of its own (never the system service). Its log names every CONNECT, so a test can prove that traffic
/// went through it. Stopped by PID; can be stopped and started again on the same port.
/// </summary>
public sealed class TinyproxyServer : IAsyncDisposable
{
    private readonly TestDirectory _directory = new("appliance-tinyproxy");
    private ServerProcess? _process;

    private TinyproxyServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>What clients set as their proxy.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    public string LogFile => _directory.Combine("tinyproxy.log");

    /// <summary>The log so far (empty before the first line).</summary>
    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    public static async Task<TinyproxyServer> StartAsync()
    {
        if (!ProcessRunner.IsInstalled("tinyproxy"))
        {
            throw new InvalidOperationException("tinyproxy is not installed: apt-get install -y tinyproxy (./build.sh test installs it when run as root)");
        }
        var server = new TinyproxyServer(ServerProcess.FreePort());
        await File.WriteAllTextAsync(server.Configuration, server.ConfigurationText());
        await server.StartAgainAsync();
        return server;
    }

    private string Configuration => _directory.Combine("tinyproxy.conf");

    /// <summary>Loopback only, CONNECT to any port (the upstreams' ports are random), each request logged.</summary>
    private string ConfigurationText() => $"""
        Listen 127.0.0.1
        Port {Port}
        Allow 127.0.0.1
        Timeout 120
        MaxClients 100
        LogFile "{LogFile}"
        LogLevel Connect
        PidFile "{_directory.Combine("tinyproxy.pid")}"

        """;

    /// <summary>Starts it (again, after <see cref="StopAsync"/>) on the same port.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("tinyproxy");
        foreach (var argument in new[] { "-d", "-c", Configuration }) start.ArgumentList.Add(argument);
        _process = await ServerProcess.StartAsync(start, () => Task.FromResult(LoopbackSocket.Accepts(Port)), TimeSpan.FromSeconds(10));
    }

    public async Task StopAsync()
    {
        if (_process is null) return;
        await _process.StopAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }
}
