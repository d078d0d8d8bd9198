using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Appliance.Testing;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>) on a free loopback port with its own config and storage directory,
/// scraping one target every second; stopped by PID.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly TestDirectory _directory = new("appliance-prometheus");
    private ServerProcess? _process;

    private PrometheusServer() { }

    public Uri BaseAddress { get; private set; } = null!;

    /// <param name="target">The registry's base address (http or https).</param>
    /// <param name="caFile">The CA to verify an https target with.</param>
    public static async Task<PrometheusServer> StartAsync(Uri target, string user, string password, string? caFile)
    {
        if (!ProcessRunner.IsInstalled("prometheus")) throw new InvalidOperationException("prometheus is not installed; ./build.sh test installs it when run as root");
        var server = new PrometheusServer();
        var directory = server._directory;
        await File.WriteAllTextAsync(directory.Combine("password"), password);
        var tls = caFile is null ? "" : $"\n    tls_config:\n      ca_file: {caFile}\n      server_name: {target.Host}";
        await File.WriteAllTextAsync(directory.Combine("prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: appliance
                scheme: {target.Scheme}
                basic_auth:
                  username: {user}
                  password_file: {directory.Combine("password")}
                static_configs:
                  - targets: ["{target.Authority}"]
            """ + tls + "\n");
        var port = ServerProcess.FreePort();
        server.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("prometheus");
        foreach (var argument in new[]
                 {
                     $"--config.file={directory.Combine("prometheus.yml")}", $"--storage.tsdb.path={directory.Combine("data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        server._process = await ServerProcess.StartAsync(start, http, "/-/ready", TimeSpan.FromSeconds(30));
        return server;
    }

    /// <summary>The value of an instant query that yields one sample, or null when it yields none.</summary>
    public async Task<double?> QueryAsync(string expression)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        using var json = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/query?query={Uri.EscapeDataString(expression)}"));
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the query's value satisfies <paramref name="condition"/>; returns the last value seen.</summary>
    public async Task<double?> WaitForAsync(string expression, Func<double?, bool> condition, TimeSpan timeout)
    {
        double? value = null;
        await Poll.HoldsWithinAsync(async () => condition(value = await QueryAsync(expression)), timeout, TimeSpan.FromMilliseconds(250));
        return value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
            _process.Dispose();
        }
        _directory.Dispose();
    }
}
