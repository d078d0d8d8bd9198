using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Benchmarks;

/// <summary>Our registry: the published self-contained binary, plain HTTP or (for the TLS row) HTTPS with its generated CA.</summary>
public sealed class ApplianceRegistry(string binary, string workDirectory, bool tls)
    : BenchmarkRegistry(tls ? "appliance tls" : "appliance", workDirectory)
{
    public override Uri BaseAddress => new($"{(tls ? "https" : "http")}://{(tls ? "localhost" : "127.0.0.1")}:{Port}/");

    protected override string ReadinessPath => "/health/ready";

    private string CaFile => Path.Combine(DataDirectory, "tls", "ca.crt");

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

    protected override ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo(binary);
        foreach (var argument in new[] { "--listen", Authority, "--data", DataDirectory, "--auth:enabled", "false", "--server:logLevel", "Warning",
                     "--tls:enabled", tls ? "true" : "false", "--gc:interval", "00:00:00" })
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    public override HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler();
        if (tls)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                // Readiness is polled before the CA file exists; afterwards the chain must build to it.
                if (certificate is null || !File.Exists(CaFile)) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificateFromFile(CaFile));
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }
        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
    }

    public override string[] SkopeoDestination => tls ? ["--dest-cert-dir", CertDirectory] : base.SkopeoDestination;
    public override string[] SkopeoSource => tls ? ["--src-cert-dir", CertDirectory] : base.SkopeoSource;

    public string SkopeoHost => tls ? $"localhost:{Port}" : Authority;

    public Task<Appliance.Testing.ProcessResult> CollectGarbageAsync() =>
        Appliance.Testing.ProcessRunner.RunAsync(binary, ["gc", "--data", DataDirectory, "--gc:gracePeriod", "00:00:00"], TimeSpan.FromMinutes(5));
}
