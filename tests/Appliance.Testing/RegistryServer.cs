using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
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
    private readonly TestDirectory? _ownedData;
    private readonly string[] _extraArgs;
    private string[] _backendArgs = [];
    private TimeProvider? _clock;
    private WebApplication? _app;

    private RegistryServer(string? dataDirectory, string[] extraArgs)
    {
        _ownedData = dataDirectory is null ? new TestDirectory("appliance-registry") : null;
        DataDirectory = dataDirectory ?? _ownedData!.Path;
        _extraArgs = extraArgs;
    }

    public string DataDirectory { get; }

    /// <summary>The running server's services, for tests that set up state the HTTP API does not expose (users, keys).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the server is not running");
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>host:port, as container tools want it in image references.</summary>
    public string Authority => BaseAddress.Authority;

    /// <summary>A server on a fresh data directory that is deleted when the server is disposed.</summary>
    public static Task<RegistryServer> StartAsync(params string[] extraArgs) => LaunchAsync(null, extraArgs);

    /// <summary>A server whose time is <paramref name="clock"/> (a fake one moves TTLs and expiries on without sleeping).</summary>
    public static Task<RegistryServer> StartAsync(TimeProvider clock, params string[] extraArgs) => LaunchAsync(null, extraArgs, clock);

    /// <summary>A server on an existing data directory, which the caller owns and keeps.</summary>
    public static async Task<RegistryServer> StartOnAsync(string dataDirectory, params string[] extraArgs) =>
        await LaunchAsync(dataDirectory, extraArgs);

    private static async Task<RegistryServer> LaunchAsync(string? dataDirectory, string[] extraArgs, TimeProvider? clock = null)
    {
        var server = new RegistryServer(dataDirectory, extraArgs) { _clock = clock };
        server._backendArgs = await TestBackend.ServerArgumentsAsync(server.DataDirectory, CancellationToken.None);
        try
        {
            await server.StartAppAsync(0);
        }
        catch
        {
            // A start refused by its settings (a test may want that) leaves no data directory behind.
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>The generated CA when the server runs with TLS; the test client trusts only it.</summary>
    public string CaCertificatePath => Path.Combine(DataDirectory, "tls", "ca.crt");

    public HttpClient CreateClient() => new(CreateHandler()) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>A handler that verifies the server certificate (name included) against the registry's own CA.</summary>
    public SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler();
        if (BaseAddress.Scheme == Uri.UriSchemeHttps)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && TrustsRegistryCa(new X509Certificate2(certificate), errors);
        }
        return handler;
    }

    private bool TrustsRegistryCa(X509Certificate2 certificate, SslPolicyErrors errors)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(CaCertificatePath));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public RegistryHttpClient CreateRegistryClient() => new(CreateClient());

    /// <summary>The name clients use with TLS: "localhost" is in the generated certificate, so verification includes the name.</summary>
    public static string Host => "localhost";

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
        // API and client tests run on plain HTTP without auth unless they turn them on (later flags win).
        string[] args = ["--listen", $"127.0.0.1:{port}", "--data", DataDirectory, "--server:logLevel", "Warning", "--auth:enabled", "false", "--tls:enabled", "false", .. _backendArgs, .. _extraArgs];
        _app = await RegistryHost.BuildAsync(args, _clock);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal) + "/");
        if (BaseAddress.Scheme == Uri.UriSchemeHttps) BaseAddress = new UriBuilder(BaseAddress) { Host = Host }.Uri;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _ownedData?.Dispose();
    }
}
