using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Testing.TestHosts;

/// <summary>
/// Relays TCP from 127.0.0.1:<see cref="LocalPort"/> on this machine to 127.0.0.1:<see cref="Port"/> inside a network
/// namespace, in this process; or, made with <see cref="OutOfNamespaceAsync"/>, the other way round. The listener is
/// bound once and outlives reboots of the host (its namespace stays), so a port a test holds keeps working; a
/// connection made while nothing listens at the far end is closed at once.
/// </summary>
public sealed class NamespaceRelay : IDisposable
{
    private readonly Socket listener;
    private readonly Func<CancellationToken, Task<Socket>> connect;
    private readonly ConcurrentDictionary<Socket, byte> open = new();
    private readonly CancellationTokenSource stopping = new();

    public NamespaceRelay(NetworkNamespace network, int port)
        : this(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), cancellationToken => network.ConnectAsync(port, cancellationToken), port)
    {
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(128);
        LocalPort = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _ = AcceptAsync();
    }

    private NamespaceRelay(Socket listener, Func<CancellationToken, Task<Socket>> connect, int port)
    {
        this.listener = listener;
        this.connect = connect;
        Port = port;
    }

    /// <summary>
    /// Relays 127.0.0.1:<paramref name="port"/> inside the namespace to the same port on this machine's loopback, so a
    /// test host reaches a service the test runs here (a database, an object store) at the address the test knows it by.
    /// </summary>
    public static async Task<NamespaceRelay> OutOfNamespaceAsync(NetworkNamespace network, int port)
    {
        var relay = new NamespaceRelay(await network.ListenAsync(port), ConnectHereAsync(port), port) { LocalPort = port };
        _ = relay.AcceptAsync();
        return relay;
    }

    private static Func<CancellationToken, Task<Socket>> ConnectHereAsync(int port) => cancellationToken =>
        LoopbackSocket.ConnectAsync(LoopbackSocket.NewTcp(), port, cancellationToken);

    public int Port { get; }
    /// <summary>The listening port: on this machine, or inside the namespace for a relay out of it.</summary>
    public int LocalPort { get; private init; }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        open[client] = 0;
        Socket? upstream = null;
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(10));
            upstream = await connect(connectTimeout.Token);
            open[upstream] = 0;
            await Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Nothing listens inside (yet), the peer reset, or the relay is closing: the client sees its connection end.
        }
        finally
        {
            Close(client);
            if (upstream is not null) Close(upstream);
        }
    }

    /// <summary>Copies one direction until end of stream, then passes the half-close on (ssh and TLS rely on it).</summary>
    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, stopping.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), stopping.Token);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side is gone: end both, so the other side learns it.
            Close(from);
            Close(to);
        }
    }

    private void Close(Socket socket)
    {
        if (open.TryRemove(socket, out _)) socket.Dispose();
    }

    /// <summary>Stops listening and closes every relayed connection (their sockets would keep the namespace alive).</summary>
    public void Dispose()
    {
        stopping.Cancel();
        listener.Dispose();
        foreach (var socket in open.Keys) Close(socket);
        stopping.Dispose();
    }
}
