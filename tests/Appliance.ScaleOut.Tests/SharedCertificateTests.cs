using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Appliance.Certs;

namespace Appliance.ScaleOut.Tests;

/// <summary>The certificate lives in the database too: replaced on one replica, it is served by all within seconds.</summary>
public sealed class SharedCertificateTests : ScaleOutTest
{
    [Fact]
    public async Task Every_replica_serves_the_certificate_the_first_one_generated()
    {
        var serials = await Task.WhenAll(Enumerable.Range(0, 3).Select(ServedSerialAsync));
        Assert.Single(serials.Distinct());
        Assert.All(Enumerable.Range(1, 2), replica => Assert.Equal(
            File.ReadAllText(Path.Combine(Cluster.TlsDirectory(0), CertificateFiles.CaCertificateFileName)),
            File.ReadAllText(Path.Combine(Cluster.TlsDirectory(replica), CertificateFiles.CaCertificateFileName))));
    }

    [Fact]
    public async Task A_certificate_renewed_by_command_or_replaced_as_files_on_one_replica_is_served_by_all_within_seconds()
    {
        var original = await ServedSerialAsync(0);

        // The documented way: 'certs renew' on one replica's host.
        (await Cluster.RunCommandAsync(1, "certs", "renew")).EnsureSuccess("certs renew on replica 2");
        var renewed = SerialInFiles(1);
        Assert.NotEqual(original, renewed);
        await EventuallyAsync("every replica serves the renewed certificate", async () =>
            (await Task.WhenAll(Enumerable.Range(0, 3).Select(ServedSerialAsync))).All(serial => serial == renewed));

        // The files the registry watches, written by something else: the replica serving them publishes them.
        var replaced = new CertificateFiles(Cluster.TlsDirectory(2));
        using (var authority = replaced.LoadCertificateAuthority())
        using (var certificate = authority.IssueServerCertificate(
                   new ServerCertificateRequest(["localhost"], [System.Net.IPAddress.Loopback]) { Validity = TimeSpan.FromDays(30) }))
        {
            replaced.WriteServerCertificate(certificate, authority.Certificate);
        }
        var fromFiles = SerialInFiles(2);
        await EventuallyAsync("every replica serves the certificate written into replica 3's files", async () =>
            (await Task.WhenAll(Enumerable.Range(0, 3).Select(ServedSerialAsync))).All(serial => serial == fromFiles));
    }

    private string SerialInFiles(int replica)
    {
        using var certificate = new CertificateFiles(Cluster.TlsDirectory(replica)).LoadServerCertificate();
        return certificate.SerialNumber;
    }

    /// <summary>The serial of the certificate a new TLS connection to the replica's own port is given.</summary>
    private async Task<string> ServedSerialAsync(int replica)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Cluster.Replicas[replica].Port, Cancel);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, Cancel);
        using var served = new X509Certificate2(tls.RemoteCertificate!);
        return served.SerialNumber;
    }
}
