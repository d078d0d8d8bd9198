using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Testing.TestHosts;

/// <summary>
/// A named network namespace (/run/netns/NAME, made by `ip netns`) with only its loopback up: a test host boots in it,
/// so its ports are its own and it reaches nothing but itself. Sockets for the relays are made by one thread that
/// has entered the namespace (setns moves only the calling thread); a socket stays in the namespace it was made in,
/// so it can then be used from any thread.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private readonly BlockingCollection<TaskCompletionSource<Socket>> requests = [];
    private readonly Thread socketMaker;

    private NetworkNamespace(string name)
    {
        Name = name;
        socketMaker = new Thread(MakeSockets) { IsBackground = true, Name = $"netns {name}" };
    }

    public string Name { get; }
    public string Path => $"/run/netns/{Name}";

    public static async Task<NetworkNamespace> CreateAsync(string name)
    {
        (await ProcessRunner.RunAsync("ip", ["netns", "add", name])).EnsureSuccess($"ip netns add {name}");
        var network = new NetworkNamespace(name);
        try
        {
            (await ProcessRunner.RunAsync("ip", ["-n", name, "link", "set", "lo", "up"])).EnsureSuccess($"bringing up lo in {name}");
            network.socketMaker.Start();
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>A TCP connection to 127.0.0.1:<paramref name="port"/> inside the namespace.</summary>
    public async Task<Socket> ConnectAsync(int port, CancellationToken cancellationToken = default) =>
        await LoopbackSocket.ConnectAsync(await NewSocketAsync(cancellationToken), port, cancellationToken);

    /// <summary>A socket listening on 127.0.0.1:<paramref name="port"/> inside the namespace.</summary>
    public async Task<Socket> ListenAsync(int port)
    {
        var socket = await NewSocketAsync(CancellationToken.None);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen(128);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<Socket> NewSocketAsync(CancellationToken cancellationToken)
    {
        var request = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        requests.Add(request, cancellationToken);
        return await request.Task;
    }

    private void MakeSockets()
    {
        try
        {
            Libc.EnterNetworkNamespace(Path);
        }
        catch (Exception e)
        {
            foreach (var request in requests.GetConsumingEnumerable()) request.SetException(e);
            return;
        }
        foreach (var request in requests.GetConsumingEnumerable())
        {
            try
            {
                request.SetResult(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            }
            catch (SocketException e)
            {
                request.SetException(e);
            }
        }
    }

    /// <summary>Ends the thread inside the namespace and removes the namespace; sockets made in it must be closed first.</summary>
    public async ValueTask DisposeAsync()
    {
        requests.CompleteAdding();
        if (socketMaker.IsAlive) socketMaker.Join();
        requests.Dispose();
        await DeleteAsync(Name);
    }

    /// <summary>Removes a namespace by name (also one an ended test run left behind); a missing one is fine.</summary>
    public static async Task DeleteAsync(string name)
    {
        if (File.Exists($"/run/netns/{name}")) (await ProcessRunner.RunAsync("ip", ["netns", "del", name])).EnsureSuccess($"ip netns del {name}");
    }
}
