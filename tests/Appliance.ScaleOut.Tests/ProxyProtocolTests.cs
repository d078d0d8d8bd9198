using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Appliance.ScaleOut.Tests;

/// <summary>
/// Replicas behind HAProxy in TCP mode with <c>server.proxyProtocol</c>: each client is known by its own address, not the
/// balancer's, so a password guesser is throttled without locking out everyone else behind the balancer, and the audit
/// trail names the guesser.
/// </summary>
public abstract class ProxyProtocolTests : ScaleOutTest
{
    private static readonly IPAddress Guesser = IPAddress.Parse("127.0.0.7");
    private static readonly IPAddress Colleague = IPAddress.Parse("127.0.0.8");

    protected override string[] ServerArgs => ["--server:proxyProtocol", "true"];

    [Fact]
    public async Task A_guesser_behind_the_balancer_is_throttled_alone_named_in_the_audit_and_direct_connections_are_refused()
    {
        var throttled = false;
        for (var attempt = 0; attempt < 12 && !throttled; attempt++)
        {
            using var failure = await TokenRequestAsync(Guesser, "wrong-password");
            throttled = failure.StatusCode == HttpStatusCode.TooManyRequests;
            if (!throttled) Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }
        Assert.True(throttled, "wrong passwords from one client never throttled it");
        // Without the header every client would be 127.0.0.1, the balancer, and share the guesser's throttle.
        using (var colleague = await TokenRequestAsync(Colleague, ReplicaCluster.Password)) Assert.Equal(HttpStatusCode.OK, colleague.StatusCode);

        var audit = (await Cluster.RunCommandAsync(0, "audit", "--action", "login.failure")).EnsureSuccess("audit");
        var failures = audit.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(failures.Length >= 5, audit.StandardOutput);
        Assert.All(failures, line => Assert.Contains($" {Guesser} ", line));

        // A client reaching a replica's port directly starts with its TLS handshake, not the balancer's header: closed unserved.
        using var direct = new TcpClient();
        await direct.ConnectAsync(IPAddress.Loopback, Cluster.Replicas[0].Port, Cancel);
        await using var tls = new SslStream(direct.GetStream());
        await Assert.ThrowsAnyAsync<IOException>(() => tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1", RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }, Cancel));
    }

    private async Task<HttpResponseMessage> TokenRequestAsync(IPAddress from, string password)
    {
        using var http = Cluster.CreateBalancedClient(from);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/auth?service=registry&scope=repository:app:pull");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ReplicaCluster.User}:{password}")));
        return await http.SendAsync(request, Cancel);
    }
}

/// <summary>HAProxy's binary header (<c>send-proxy-v2</c>).</summary>
public sealed class ProxyProtocolV2Tests : ProxyProtocolTests
{
    protected override string? BalancerSendProxy => "send-proxy-v2";
}

/// <summary>HAProxy's text header (<c>send-proxy</c>).</summary>
public sealed class ProxyProtocolV1Tests : ProxyProtocolTests
{
    protected override string? BalancerSendProxy => "send-proxy";
}
