using Appliance.Registry.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Testing;

/// <summary>
/// The real registry (Kestrel on a loopback port, SQLite and blobs in a temp directory). Restart
/// keeps the data directory, so tests can prove what survives.
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private readonly TestDirectory _data = new("appliance-registry");
    private readonly string[] _extraArgs;
    private WebApplication? _app;

    private RegistryServer(string[] extraArgs) => _extraArgs = extraArgs;

    public string DataDirectory => _data.Path;

    /// <summary>The running server's services, for tests that set up state the HTTP API does not expose (users, keys).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the server is not running");
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>host:port, as container tools want it in image references.</summary>
    public string Authority => BaseAddress.Authority;

    public static async Task<RegistryServer> StartAsync(params string[] extraArgs)
    {
        var server = new RegistryServer(extraArgs);
        await server.StartAppAsync(0);
        return server;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    public RegistryHttpClient CreateRegistryClient() => new(CreateClient());

    /// <summary>Stops the server and starts a new one on the same port and data directory.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAppAsync(BaseAddress.Port);
    }

    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    private async Task StartAppAsync(int port)
    {
        // API and client tests run without auth unless they pass --auth:enabled true (later flags win).
        string[] args = ["--listen", $"127.0.0.1:{port}", "--data", _data.Path, "--server:logLevel", "Warning", "--auth:enabled", "false", .. _extraArgs];
        _app = await RegistryHost.BuildAsync(args);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _data.Dispose();
    }
}
