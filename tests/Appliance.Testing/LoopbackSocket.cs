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

    public static Socket NewTcp() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
}
