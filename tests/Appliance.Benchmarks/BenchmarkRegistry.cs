using System.Diagnostics;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>A registry under test, run as its own process on a loopback port with a throwaway data directory.</summary>
public abstract class BenchmarkRegistry : IAsyncDisposable
{
    private ServerProcess? _process;

    protected BenchmarkRegistry(string name, string workDirectory)
    {
        Name = name;
        DataDirectory = Path.Combine(workDirectory, name.Replace(' ', '-').ToLowerInvariant());
        Directory.CreateDirectory(DataDirectory);
        Port = ServerProcess.FreePort();
    }

    public string Name { get; }
    public string DataDirectory { get; }
    public int Port { get; }
    public string Authority => $"127.0.0.1:{Port}";
    public virtual Uri BaseAddress => new($"http://{Authority}/");
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"{Name} is not running");

    /// <summary>Seconds from process start until the registry answers its readiness check.</summary>
    public double StartupSeconds { get; private set; }

    protected abstract ProcessStartInfo StartInfo();

    protected abstract string ReadinessPath { get; }

    /// <summary>The largest <c>n</c> a listing accepts; bigger lists are read page by page through Link headers.</summary>
    public virtual int MaxPageSize => 10_000;

    public virtual HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };

    public async Task StartAsync()
    {
        using var http = CreateClient();
        _process = await ServerProcess.StartAsync(StartInfo(), http, ReadinessPath, TimeSpan.FromSeconds(30));
        StartupSeconds = _process.StartupTime.TotalSeconds;
    }

    public async Task StopAsync()
    {
        if (_process is null) return;
        await _process.KillAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Resident and peak resident memory in MiB, from /proc.</summary>
    public (double Rss, double Peak) Memory()
    {
        var status = File.ReadAllLines($"/proc/{ProcessId}/status");
        double Read(string key) => double.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0],
            System.Globalization.CultureInfo.InvariantCulture) / 1024;
        return (Read("VmRSS"), Read("VmHWM"));
    }

    /// <summary>Options skopeo needs to reach this registry.</summary>
    public virtual string[] SkopeoDestination => ["--dest-tls-verify=false"];
    public virtual string[] SkopeoSource => ["--src-tls-verify=false"];

    public async ValueTask DisposeAsync() => await StopAsync();
}
