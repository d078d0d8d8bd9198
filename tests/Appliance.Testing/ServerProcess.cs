using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Testing;

/// <summary>
/// A server or daemon started as its own OS process and polled until it is ready; stopped by its PID.
/// The last lines it printed are kept, so a failed start-up can say why.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private const int KeptOutputLines = 100;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private Action<string>? _observeLine;

    private ServerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Time from process start until ready.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>The last lines of standard output and error.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Ready when <paramref name="readinessPath"/> answers 200.</summary>
    public static Task<ServerProcess> StartAsync(ProcessStartInfo start, HttpClient http, string readinessPath, TimeSpan timeout) =>
        StartAsync(start, async () =>
        {
            try
            {
                using var response = await http.GetAsync(readinessPath);
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false; // Not listening yet.
            }
        }, timeout);

    /// <summary>Ready when <paramref name="isReady"/> says so (for daemons that answer on a unix socket, not HTTP).</summary>
    /// <param name="observeLine">Sees every line the process prints (its access log, say), not only the last ones kept.</param>
    public static async Task<ServerProcess> StartAsync(ProcessStartInfo start, Func<Task<bool>> isReady, TimeSpan timeout, Action<string>? observeLine = null)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var clock = Stopwatch.StartNew();
        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}")) { _observeLine = observeLine };
        var process = server._process;
        process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ready = await Poll.HoldsWithinAsync(async () =>
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // flushes the output handlers
                throw new InvalidOperationException($"{start.FileName} exited with code {process.ExitCode} during start-up:\n{server.Output}");
            }
            return await isReady();
        }, timeout, TimeSpan.FromMilliseconds(5));
        if (ready)
        {
            server.StartupTime = clock.Elapsed;
            return server;
        }
        server.Dispose();
        throw new TimeoutException($"{start.FileName} did not become ready within {timeout.TotalSeconds} s:\n{server.Output}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _observeLine?.Invoke(line);
        _output.Enqueue(line);
        while (_output.Count > KeptOutputLines) _output.TryDequeue(out _);
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a power cut for the process.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops a daemon; SIGKILL if it has not exited within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return;
        await ProcessRunner.RunAsync("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
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
