using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Testing;

/// <summary>A server started as its own OS process and polled until an HTTP readiness path answers 200.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Time from process start until ready.</summary>
    public TimeSpan StartupTime { get; private set; }

    public static async Task<ServerProcess> StartAsync(ProcessStartInfo start, HttpClient http, string readinessPath, TimeSpan timeout)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var clock = Stopwatch.StartNew();
        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}"));
        var process = server._process;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"{start.FileName} exited with code {process.ExitCode} during start-up");
            try
            {
                using var response = await http.GetAsync(readinessPath);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    server.StartupTime = clock.Elapsed;
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(5);
        }
        server.Dispose();
        throw new TimeoutException($"{start.FileName} did not become ready within {timeout.TotalSeconds} s");
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a power cut for the process.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
