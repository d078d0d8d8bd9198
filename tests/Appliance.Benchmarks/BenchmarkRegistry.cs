using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>
/// A registry under test, run as its own process on a loopback port with a throwaway data directory; plain HTTP, or
/// HTTPS as <c>localhost</c> with a certificate that chains to <see cref="CaFile"/>.
/// </summary>
public abstract class BenchmarkRegistry : IAsyncDisposable
{
    private ServerProcess? _process;

    protected BenchmarkRegistry(string name, string workDirectory, bool tls)
    {
        Name = name;
        Tls = tls;
        DataDirectory = Path.Combine(workDirectory, name.Replace(' ', '-').ToLowerInvariant());
        Directory.CreateDirectory(DataDirectory);
        Port = ServerProcess.FreePort();
    }

    public string Name { get; }
    public bool Tls { get; }
    public string DataDirectory { get; }
    public int Port { get; }
    public string Authority => $"127.0.0.1:{Port}";

    /// <summary>Over TLS the name the server certificate is for; skopeo addresses the registry by it too.</summary>
    public string Host => Tls ? $"localhost:{Port}" : Authority;

    public Uri BaseAddress => new($"{(Tls ? "https" : "http")}://{Host}/");
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"{Name} is not running");

    /// <summary>Seconds from process start until the registry answers its readiness check.</summary>
    public double StartupSeconds { get; private set; }

    /// <summary>The CA the server certificate chains to; read only over TLS.</summary>
    protected abstract string CaFile { get; }

    /// <summary>The CA that issued its certificate (PEM), for a client that is told about it in a setting.</summary>
    public string CaCertificatePath => CaFile;

    protected abstract ProcessStartInfo StartInfo();

    protected abstract string ReadinessPath { get; }

    /// <summary>The largest <c>n</c> a listing accepts; bigger lists are read page by page through Link headers.</summary>
    public virtual int MaxPageSize => 10_000;

    /// <summary>A client of its own (one <see cref="SocketsHttpHandler"/>, so its own connections), optionally behind <paramref name="auth"/>.</summary>
    public HttpClient CreateClient(Func<HttpMessageHandler, DelegatingHandler>? auth = null)
    {
        var handler = new SocketsHttpHandler();
        if (Tls)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                // Our registry's readiness is polled before it has written its CA; afterwards the chain must build to it.
                if (certificate is null || !File.Exists(CaFile)) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(CaFile));
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }
        return new HttpClient(auth is null ? handler : auth(handler)) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
    }

    /// <summary>How the readiness check authenticates, where the registry wants that even there.</summary>
    protected virtual Func<HttpMessageHandler, DelegatingHandler>? ReadinessAuth => null;

    public async Task StartAsync()
    {
        using var http = CreateClient(ReadinessAuth);
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

    /// <summary>User plus system CPU the server has used so far (utime + stime of /proc/PID/stat).</summary>
    public virtual TimeSpan CpuTime() => ProcessCpu.Of(ProcessId);

    /// <summary>Options skopeo needs to reach this registry.</summary>
    public string[] SkopeoDestination => Tls ? ["--dest-cert-dir", CertDirectory] : ["--dest-tls-verify=false"];
    public string[] SkopeoSource => Tls ? ["--src-cert-dir", CertDirectory] : ["--src-tls-verify=false"];

    /// <summary>Only ca.crt: containers/image takes any *.key beside it for a client key and then wants its certificate.</summary>
    private string CertDirectory
    {
        get
        {
            var directory = DataDirectory + "-trust";
            if (!File.Exists(Path.Combine(directory, "ca.crt")))
            {
                Directory.CreateDirectory(directory);
                File.Copy(CaFile, Path.Combine(directory, "ca.crt"));
            }
            return directory;
        }
    }

    public virtual async ValueTask DisposeAsync() => await StopAsync();
}
