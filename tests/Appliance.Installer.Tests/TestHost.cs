namespace Appliance.Installer.Tests;

/// <summary>A disposable Debian host with real systemd and SSH (../shared/testhost); destroyed on dispose, also after failures.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private static readonly string Script = Path.GetFullPath(Path.Combine(Release.RepositoryRoot, "..", "shared", "testhost", "testhost.sh"));

    private TestHost(string name) => Name = name;

    public string Name { get; }
    public int SshPort { get; private set; }
    public string SshKey { get; private set; } = "";
    public string KnownHosts { get; private set; } = "";
    public string RootFs { get; private set; } = "";

    /// <summary>The reason E2E tests cannot run here, or null.</summary>
    public static string? Unavailable()
    {
        if (Environment.UserName != "root") return "E2E installer tests need root (systemd-nspawn)";
        if (!File.Exists(Script)) return $"{Script} not found";
        if (!File.Exists("/usr/bin/systemd-nspawn") && !File.Exists("/bin/systemd-nspawn")) return "systemd-nspawn is not installed (apt-get install systemd-container)";
        return null;
    }

    /// <summary>Builds the cached host image once, before tests create hosts from it in parallel.</summary>
    public static async Task PrepareImageAsync() => (await TestHostAsync("image")).EnsureSuccess("testhost image");

    public static async Task<TestHost> StartAsync()
    {
        var host = new TestHost($"mr-{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            (await TestHostAsync("create", host.Name)).EnsureSuccess("testhost create");
            (await TestHostAsync("boot", host.Name)).EnsureSuccess("testhost boot");
            await host.LoadInfoAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public string HostName => $"{Name}.test";

    private readonly List<int> forwards = [];

    /// <summary>Relays a port of the host to 127.0.0.1 here; returns once the relay accepts connections.</summary>
    public async Task<int> ForwardAsync(int port)
    {
        var local = int.Parse((await TestHostAsync("forward", Name, "0", port.ToString())).EnsureSuccess("forward").StandardOutput.Trim());
        forwards.Add(local);
        await WaitForRelayAsync(local);
        return local;
    }

    private static async Task WaitForRelayAsync(int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    public Task<ProcessResult> SshAsync(string command, string user = "root", string? input = null) =>
        Run.ProgramAsync(Script, ["ssh", Name, user, "--", command], input, TimeSpan.FromMinutes(4));

    public async Task RebootAsync()
    {
        (await TestHostAsync("stop", Name)).EnsureSuccess("testhost stop");
        (await TestHostAsync("boot", Name)).EnsureSuccess("testhost boot");
        foreach (var port in forwards) await WaitForRelayAsync(port);
    }

    /// <summary>Arguments that make the installer log in to this host over SSH, as flag/value pairs.</summary>
    public string[] SshArguments(string user) =>
        ["-H", "127.0.0.1", "--sshPort", SshPort.ToString(), "-u", user, "-k", SshKey, "--sshKnownHosts", KnownHosts];

    private async Task LoadInfoAsync()
    {
        var info = (await TestHostAsync("info", Name)).EnsureSuccess("testhost info").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        SshPort = int.Parse(info["SSH_PORT"]);
        SshKey = info["SSH_KEY"];
        KnownHosts = info["KNOWN_HOSTS"];
        RootFs = info["ROOTFS"];
    }

    private static Task<ProcessResult> TestHostAsync(params string[] arguments) => Run.ProgramAsync(Script, arguments, timeout: TimeSpan.FromMinutes(4));

    public async ValueTask DisposeAsync() => await TestHostAsync("destroy", Name);
}
