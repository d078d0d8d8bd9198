using System.Net;
using System.Net.Sockets;

namespace Appliance.Testing;

public static class LoopbackSocket
{
    /// <summary>
    /// Connects <paramref name="socket"/> (made in whichever network namespace) to 127.0.0.1:<paramref name="port"/>, from
    /// <paramref name="source"/> when given (any 127.x.y.z works on Linux's loopback), or disposes it.
    /// </summary>
    public static async Task<Socket> ConnectAsync(Socket socket, int port, CancellationToken cancellationToken, IPAddress? source = null)
    {
        try
        {
            if (source is not null) socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether something listens on 127.0.0.1:<paramref name="port"/>: the readiness of a daemon that speaks no HTTP there.</summary>
    public static bool Accepts(int port)
    {
        try
        {
            using var socket = new TcpClient();
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static Socket NewTcp() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
}
