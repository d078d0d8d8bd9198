using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Certs.Tests;

/// <summary>Proves the generated files work for a real TLS server and a client that trusts only ca.crt.</summary>
public sealed class TlsHandshakeTests
{
    [Theory]
    [InlineData("registry.example.com", CertificateKeyType.EcdsaP256)]
    [InlineData("registry.example.com", CertificateKeyType.Rsa3072)]
    [InlineData("127.0.0.1", CertificateKeyType.EcdsaP256)]
    public async Task Client_trusting_only_the_ca_verifies_the_server(string targetHost, CertificateKeyType keyType)
    {
        using var directory = new TempDirectory();
        var files = CertificateFilesTests.WriteAll(directory.Path, keyType);

        var verification = await HandshakeAsync(files, targetHost);

        // The name check is the platform's; only the root is untrusted, which the custom chain settles.
        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, verification.PlatformErrors);
        Assert.True(verification.TrustedByCa, verification.ChainStatus);
        Assert.Equal("pong", verification.Reply);
    }

    [Fact]
    public async Task Client_sees_a_name_mismatch_for_a_host_the_certificate_does_not_cover()
    {
        using var directory = new TempDirectory();
        var files = CertificateFilesTests.WriteAll(directory.Path, CertificateKeyType.EcdsaP256);

        var verification = await HandshakeAsync(files, "other.example.com");

        Assert.True(verification.PlatformErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    private static async Task<Verification> HandshakeAsync(CertificateFiles files, string targetHost)
    {
        var cancellation = TestContext.Current.CancellationToken;
        using var serverCertificate = files.LoadServerCertificate();
        var chain = files.LoadServerCertificateChain();
        using var caCertificate = X509CertificateLoader.LoadCertificateFromFile(files.CaCertificatePath);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var serverTask = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync(cancellation);
            await using var tls = new SslStream(socket.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(serverCertificate, [chain[1]], offline: true),
            }, cancellation);
            await tls.WriteAsync("pong"u8.ToArray(), cancellation);
            await tls.FlushAsync(cancellation);
        }, cancellation);

        var platformErrors = SslPolicyErrors.None;
        var trustedByCa = false;
        var chainStatus = string.Empty;
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellation);
        await using var clientTls = new SslStream(client.GetStream());
        try
        {
            await clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = targetHost,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    platformErrors = errors;
                    using var caChain = new X509Chain();
                    caChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    caChain.ChainPolicy.CustomTrustStore.Add(caCertificate);
                    caChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    trustedByCa = caChain.Build((X509Certificate2)certificate!);
                    chainStatus = string.Join("; ", caChain.ChainStatus.Select(status => status.StatusInformation));
                    return trustedByCa && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None;
                },
            }, cancellation);
        }
        catch (AuthenticationException)
        {
            // The callback rejected the certificate; the recorded errors say why. The server task is
            // awaited rather than leaked: under TLS 1.3 its side completes before the client rejects,
            // under TLS 1.2 it fails when the client closes.
            client.Dispose();
            try
            {
                await serverTask;
            }
            catch (Exception exception) when (exception is IOException or AuthenticationException)
            {
            }

            return new Verification(platformErrors, trustedByCa, chainStatus, null);
        }

        var buffer = new byte[4];
        await clientTls.ReadExactlyAsync(buffer, cancellation);
        await serverTask;
        return new Verification(platformErrors, trustedByCa, chainStatus, System.Text.Encoding.ASCII.GetString(buffer));
    }

    private sealed record Verification(SslPolicyErrors PlatformErrors, bool TrustedByCa, string ChainStatus, string? Reply);
}
