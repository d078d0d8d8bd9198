using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Appliance.Registry.Hosting;

/// <summary>
/// <c>server.proxyProtocol</c>: every connection starts with a PROXY protocol header from the load balancer, read here
/// before TLS, so logs, the audit trail and the login throttle see each client's address rather than the balancer's
/// (with TLS passed through, the balancer cannot add an HTTP header). A connection without a valid header is closed:
/// were it served, anyone reaching the port directly could claim any address.
/// </summary>
internal static class ProxyProtocol
{
    /// <summary>A balancer sends the header at once; a connection silent for this long is not from one.</summary>
    private static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(10);

    public static void UseProxyProtocol(this ListenOptions listen, ILogger logger) => listen.Use(next => async connection =>
    {
        var input = connection.Transport.Input;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(HeaderTimeout);
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(timeout.Token);
                var status = ProxyProtocolHeader.Parse(read.Buffer, out var length, out var source);
                if (status == ProxyProtocolHeader.Status.Complete)
                {
                    input.AdvanceTo(read.Buffer.GetPosition(length));
                    if (source is not null) connection.RemoteEndPoint = source;
                    break;
                }
                input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                if (status == ProxyProtocolHeader.Status.Invalid || read.IsCompleted)
                {
                    logger.LogWarning("Closed a connection from {Peer} that did not start with a PROXY protocol header (server.proxyProtocol is on)",
                        connection.RemoteEndPoint);
                    connection.Abort();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            connection.Abort();
            return;
        }
        await next(connection);
    });
}
