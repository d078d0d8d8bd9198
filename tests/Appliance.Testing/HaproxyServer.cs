using System.Diagnostics;

namespace Appliance.Testing;

/// <summary>
/// A real HAProxy (Debian's <c>haproxy</c>) on a free loopback port in front of registry replicas: TCP mode, so TLS passes
/// through to the replicas and clients verify the registry's own certificate; round robin per connection, with an HTTP
/// health check on <c>/health/ready</c> so a replica that is not ready gets no new connections. Stopped by PID.
/// </summary>
public sealed class HaproxyServer : IAsyncDisposable
{
    private readonly TestDirectory _directory = new("appliance-haproxy");
    private ServerProcess? _process;

    private HaproxyServer(int port) => Port = port;

    public int Port { get; }

    /// <param name="replicas">host:port of each replica.</param>
    /// <param name="tls">Whether the replicas serve HTTPS (the health check then speaks TLS without verifying).</param>
    /// <param name="sendProxy">"send-proxy" or "send-proxy-v2" to put a PROXY protocol header before every connection (health
    /// checks too) for replicas started with <c>server.proxyProtocol</c>; null for none.</param>
    public static async Task<HaproxyServer> StartAsync(IReadOnlyList<string> replicas, bool tls, string? sendProxy = null)
    {
        if (!ProcessRunner.IsInstalled("haproxy")) throw new InvalidOperationException("haproxy is not installed; ./build.sh test installs it when run as root");
        var server = new HaproxyServer(ServerProcess.FreePort());
        var config = server._directory.Combine("haproxy.cfg");
        await File.WriteAllTextAsync(config, Configuration(server.Port, replicas, tls, sendProxy));
        var start = new ProcessStartInfo("haproxy");
        foreach (var argument in new[] { "-f", config, "-db" }) start.ArgumentList.Add(argument);
        server._process = await ServerProcess.StartAsync(start, () => Task.FromResult(LoopbackSocket.Accepts(server.Port)), TimeSpan.FromSeconds(10));
        return server;
    }

    /// <summary>The configuration: HAProxy listening on 127.0.0.1:<paramref name="port"/>, round robin over <paramref name="replicas"/>.</summary>
    public static string Configuration(int port, IReadOnlyList<string> replicas, bool tls, string? sendProxy = null)
    {
        var check = (tls ? " check-ssl verify none" : "") + (sendProxy is null ? "" : $" {sendProxy} check-send-proxy");
        var backends = string.Join('\n', replicas.Select((replica, i) => $"    server replica{i} {replica} check inter 1s fall 2 rise 1{check}"));
        return $"""
            global
                maxconn 4096
            defaults
                mode tcp
                timeout connect 2s
                # Without it a check must answer within its interval, which a loaded replica misses while serving.
                timeout check 5s
                timeout client 5m
                timeout server 5m
                retries 2
                option redispatch
            frontend registry
                bind 127.0.0.1:{port}
                default_backend replicas
            backend replicas
                balance roundrobin
                option httpchk GET /health/ready
                http-check expect status 200
            {backends}

            """;
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
