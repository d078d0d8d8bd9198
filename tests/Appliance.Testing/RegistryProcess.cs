using System.Diagnostics;
using Appliance.Registry.Hosting;

namespace Appliance.Testing;

/// <summary>
/// The registry as a separate OS process, so tests can kill it with SIGKILL mid-operation and start
/// it again on the same data directory and port.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly string[] _extraArgs;
    private ServerProcess? _process;

    private RegistryProcess(string dataDirectory, int port, string[] extraArgs)
    {
        _dataDirectory = dataDirectory;
        Port = port;
        _extraArgs = extraArgs;
    }

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public static async Task<RegistryProcess> StartAsync(string dataDirectory, params string[] extraArgs)
    {
        var registry = new RegistryProcess(dataDirectory, ServerProcess.FreePort(), extraArgs);
        await registry.StartAsync();
        return registry;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet");
        foreach (var argument in (string[])[typeof(RegistryHost).Assembly.Location, "--listen", $"127.0.0.1:{Port}", "--data", _dataDirectory,
                     "--tls:enabled", "false", "--auth:enabled", "false", "--server:logLevel", "Warning", .. _extraArgs])
        {
            start.ArgumentList.Add(argument);
        }
        using var http = CreateClient();
        _process = await ServerProcess.StartAsync(start, http, "/health/ready", TimeSpan.FromSeconds(30));
    }

    public async Task KillAsync()
    {
        if (_process is null) return;
        await _process.KillAsync();
        _process.Dispose();
        _process = null;
    }

    public async Task RestartAfterKillAsync()
    {
        await KillAsync();
        await StartAsync();
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
