using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
    private Process? _process;

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
        var registry = new RegistryProcess(dataDirectory, FreePort(), extraArgs);
        await registry.StartAsync();
        return registry;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[typeof(RegistryHost).Assembly.Location, "--listen", $"127.0.0.1:{Port}", "--data", _dataDirectory,
                     "--tls:enabled", "false", "--auth:enabled", "false", "--server:logLevel", "Warning", .. _extraArgs])
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the registry exited with code {_process.ExitCode} during start-up");
            try
            {
                using var ready = await http.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("the registry did not become ready within 30 s");
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a power cut for the process.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async Task RestartAfterKillAsync()
    {
        await KillAsync();
        await StartAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
