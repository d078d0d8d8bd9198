using System.Diagnostics;

namespace Appliance.Testing;

/// <summary>
/// A real CNCF distribution registry (Debian's docker-registry, version 2.8) on a free loopback port, plain HTTP, with its
/// storage root in a directory the caller owns: tests push content into it and read the tree it leaves.
/// </summary>
public sealed class DistributionServer : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private DistributionServer(ServerProcess process, string storageDirectory, string authority) =>
        (_process, StorageDirectory, Authority) = (process, storageDirectory, authority);

    /// <summary>The storage root (holding docker/registry/v2).</summary>
    public string StorageDirectory { get; }

    public string Authority { get; }

    /// <summary>Starts it with its config in <paramref name="directory"/> and its storage in directory/storage (kept across restarts).</summary>
    public static async Task<DistributionServer> StartAsync(string directory)
    {
        var storage = Path.Combine(directory, "storage");
        var config = Path.Combine(directory, "config.yml");
        var authority = $"127.0.0.1:{ServerProcess.FreePort()}";
        Directory.CreateDirectory(storage);
        await File.WriteAllTextAsync(config, DistributionConfig.Yaml(storage, authority));
        using var http = new HttpClient { BaseAddress = new Uri($"http://{authority}/") };
        var process = await ServerProcess.StartAsync(new ProcessStartInfo("docker-registry") { ArgumentList = { "serve", config } }, http, "/v2/",
            TimeSpan.FromSeconds(30));
        return new DistributionServer(process, storage, authority);
    }

    public RegistryHttpClient CreateClient() => new(new HttpClient { BaseAddress = new Uri($"http://{Authority}/"), Timeout = TimeSpan.FromMinutes(2) });

    /// <summary>SIGTERM, as a service manager stops it; its tree is complete afterwards.</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
