using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Appliance.Registry.Hosting;
using Appliance.Testing;

namespace Appliance.ScaleOut.Tests;

/// <summary>
/// Three registry processes sharing one PostgreSQL database and one S3 bucket, with TLS and token auth, behind HAProxy.
/// Each starts on an empty data directory of its own: the first generates the certificate and seeds the database with
/// it, the others take it from there, and all sign tokens with the keys in the database. Nothing is copied between
/// data directories, so every test here also proves that sharing.
/// </summary>
public sealed class ReplicaCluster : IAsyncDisposable
{
    public const string User = "init";
    public const string Password = "init-password-for-scale-out";

    private readonly List<TestDirectory> _dataDirectories = [];
    private readonly List<RegistryProcess> _replicas = [];
    private HaproxyServer? _balancer;
    private string[] _engineArguments = [];

    public IReadOnlyList<RegistryProcess> Replicas => _replicas;

    /// <summary>host:port of the balancer, as clients name the registry.</summary>
    public string Host => $"127.0.0.1:{_balancer!.Port}";

    /// <summary>A directory holding only the registry CA, for skopeo's <c>--*-cert-dir</c>.</summary>
    public string CertificateDirectory { get; private set; } = "";

    /// <param name="sendProxy">The PROXY protocol header the balancer sends (see <see cref="HaproxyServer.StartAsync"/>), or null.</param>
    public static async Task<ReplicaCluster> StartAsync(string? sendProxy, params string[] extraArgs)
    {
        var cluster = new ReplicaCluster();
        try
        {
            await cluster.StartReplicasAsync(sendProxy, extraArgs);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartReplicasAsync(string? sendProxy, string[] extraArgs)
    {
        var postgres = await PostgresServer.SharedAsync();
        var ceph = await CephRgw.SharedAsync();
        var database = await postgres.CreateDatabaseAsync(CancellationToken.None);
        var bucket = await ceph.CreateBucketAsync(CancellationToken.None);
        _engineArguments = [.. postgres.ServerArguments(database),
            .. ceph.ServerArguments(bucket)];
        string[] arguments = [.. _engineArguments, "--auth:enabled", "true", "--auth:initPassword", Password, "--auth:bcryptCost", "10", .. extraArgs];

        for (var i = 0; i < 3; i++) _dataDirectories.Add(new TestDirectory($"appliance-replica{i}"));
        _replicas.Add(await RegistryProcess.StartWithTlsAsync(_dataDirectories[0].Path, arguments));
        _replicas.AddRange(await Task.WhenAll(_dataDirectories.Skip(1).Select(d => RegistryProcess.StartWithTlsAsync(d.Path, arguments))));

        CertificateDirectory = _dataDirectories[0].Combine("client-certs");
        Directory.CreateDirectory(CertificateDirectory);
        File.Copy(_replicas[0].CaCertificatePath, Path.Combine(CertificateDirectory, "ca.crt"));
        _balancer = await HaproxyServer.StartAsync([.. _replicas.Select(r => $"127.0.0.1:{r.Port}")], tls: true, sendProxy);
    }

    /// <summary>A client of one replica's own port, authenticated with Basic as the init user.</summary>
    public HttpClient CreateClient(int replica)
    {
        var http = _replicas[replica].CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        return http;
    }

    /// <summary>A client of the balancer whose connections come from <paramref name="source"/>: any 127.x.y.z works on Linux's loopback.</summary>
    public HttpClient CreateBalancedClient(IPAddress source)
    {
        var handler = _replicas[0].CreateHandler();
        handler.ConnectCallback = async (_, cancellationToken) =>
            new NetworkStream(await LoopbackSocket.ConnectAsync(LoopbackSocket.NewTcp(), _balancer!.Port, cancellationToken, source), ownsSocket: true);
        return new HttpClient(handler) { BaseAddress = new Uri($"https://{Host}/"), Timeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>The registry's <c>verify</c> command on the shared engines, as the real executable.</summary>
    public Task<ProcessResult> VerifyAsync() => RunCommandAsync(0, "verify");

    /// <summary>A registry command (<c>certs renew</c>, <c>verify</c>...) on one replica's data directory and the shared engines, as the real executable.</summary>
    public Task<ProcessResult> RunCommandAsync(int replica, params string[] command) =>
        ProcessRunner.RunAsync("dotnet", [typeof(RegistryHost).Assembly.Location, .. command, "--data", _dataDirectories[replica].Path, .. _engineArguments]);

    /// <summary>The TLS directory a replica serves from and watches.</summary>
    public string TlsDirectory(int replica) => _dataDirectories[replica].Combine("tls");

    public async ValueTask DisposeAsync()
    {
        if (_balancer is not null) await _balancer.DisposeAsync();
        foreach (var replica in _replicas) await replica.DisposeAsync();
        foreach (var directory in _dataDirectories) directory.Dispose();
    }
}
