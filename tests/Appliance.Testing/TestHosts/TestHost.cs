using System.Diagnostics;

namespace Appliance.Testing.TestHosts;

/// <summary>
/// A disposable Debian host that boots real systemd (systemd-nspawn) in a network namespace of its own and accepts
/// key-only SSH for root and for deploy (passwordless sudo, linger on). Its files are an overlay on the cached
/// <see cref="HostImage"/> with fresh host keys and a fresh client key; its ports are reached through relays on
/// 127.0.0.1 of this machine. A reboot (<see cref="RebootAsync"/>) keeps its files, its SSH port and its relays;
/// disposing destroys it and leaves no process, namespace, mount or file behind. Hosts are independent: any number
/// can run at once. Needs root.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(90);

    private readonly HostFiles files;
    private readonly NetworkNamespace network;
    private readonly NamespaceRelay ssh;
    private readonly List<NamespaceRelay> relays = [];
    private Process? nspawn;
    private StreamWriter? bootLog;

    private TestHost(HostFiles files, NetworkNamespace network)
    {
        this.files = files;
        this.network = network;
        ssh = new NamespaceRelay(network, 22);
        relays.Add(ssh);
    }

    public string Name => files.Name;
    /// <summary>The host's own name for itself (/etc/hosts inside), the name a certificate for it carries.</summary>
    public string HostName => $"{Name}.test";
    /// <summary>The 127.0.0.1 port of this machine that reaches the host's SSH server; the same after a reboot.</summary>
    public int SshPort => ssh.LocalPort;
    public string SshKey => files.ClientKey;
    /// <summary>A known_hosts file with the host's ed25519 key for [127.0.0.1]:<see cref="SshPort"/>.</summary>
    public string KnownHosts => files.KnownHosts;
    /// <summary>The host's root file system as seen from this machine (write here to hand the host files).</summary>
    public string RootFs => files.RootFs;
    /// <summary>The host's network namespace (/run/netns/...): its ports are its own.</summary>
    public string NetworkNamespacePath => network.Path;
    public TimeSpan CreateDuration { get; private set; }
    public TimeSpan BootDuration { get; private set; }

    /// <summary>Why test hosts cannot run on this machine, or null.</summary>
    public static string? Unavailable() =>
        Environment.UserName != "root" ? "test hosts need root (systemd-nspawn, network namespaces, overlay mounts)"
        : !ProcessRunner.IsInstalled("systemd-nspawn") ? "systemd-nspawn is not installed (apt-get install systemd-container)"
        : null;

    /// <summary>Builds the host image when it is not cached yet and removes hosts that ended test runs left behind.</summary>
    public static async Task PrepareAsync()
    {
        await HostFiles.RemoveAbandonedAsync();
        await HostImage.EnsureAsync();
    }

    /// <summary>A new host, booted and answering SSH; <paramref name="prefix"/> starts its name.</summary>
    public static async Task<TestHost> StartAsync(string prefix = "th")
    {
        var host = await CreateAsync(prefix);
        try
        {
            await host.BootAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new host, not booted yet: its files, keys, namespace and SSH relay.</summary>
    public static async Task<TestHost> CreateAsync(string prefix = "th")
    {
        await HostImage.EnsureAsync();
        var clock = Stopwatch.StartNew();
        var files = await HostFiles.CreateAsync($"{prefix}-{Guid.NewGuid().ToString("N")[..8]}");
        NetworkNamespace? network = null;
        try
        {
            network = await NetworkNamespace.CreateAsync(files.NetworkNamespaceName);
            var host = new TestHost(files, network);
            await files.WriteKnownHostsAsync(host.SshPort);
            host.CreateDuration = clock.Elapsed;
            return host;
        }
        catch
        {
            if (network is not null) await network.DisposeAsync();
            await files.RemoveAsync(nspawnPid: null);
            throw;
        }
    }

    /// <summary>Boots systemd and returns once root can log in over SSH.</summary>
    public async Task BootAsync()
    {
        if (nspawn is not null) throw new InvalidOperationException($"{Name} is already running");
        var clock = Stopwatch.StartNew();
        bootLog = new StreamWriter(files.BootLog, append: true) { AutoFlush = true };
        var start = new ProcessStartInfo("systemd-nspawn")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        // --register=no and --keep-unit: no machined or systemd needed on this machine; --console=read-only: the boot
        // messages go to the log, and nothing waits for a terminal.
        foreach (var argument in new[]
        {
            "-q", "-b", "-D", RootFs, $"--machine={Name}", "--register=no", "--keep-unit",
            $"--network-namespace-path={network.Path}", "--console=read-only",
        }) start.ArgumentList.Add(argument);
        nspawn = Process.Start(start) ?? throw new InvalidOperationException("cannot start systemd-nspawn");
        nspawn.StandardInput.Close();
        nspawn.OutputDataReceived += (_, line) => Log(line.Data);
        nspawn.ErrorDataReceived += (_, line) => Log(line.Data);
        nspawn.BeginOutputReadLine();
        nspawn.BeginErrorReadLine();
        await files.RecordNspawnAsync(nspawn.Id);
        await WaitForSshAsync();
        BootDuration = clock.Elapsed;
    }

    private void Log(string? line)
    {
        if (line is null) return;
        lock (files) bootLog?.WriteLine(line);
    }

    private async Task WaitForSshAsync()
    {
        var answers = await Poll.HoldsWithinAsync(async () =>
        {
            if (nspawn!.HasExited) throw new InvalidOperationException($"{Name}: systemd-nspawn exited with {nspawn.ExitCode} while booting:\n{BootLogTail()}");
            return await SshListensAsync() && (await SshAsync("true", timeout: TimeSpan.FromSeconds(20))).ExitCode == 0;
        }, BootTimeout, TimeSpan.FromMilliseconds(100));
        if (!answers) throw new TimeoutException($"{Name}: no SSH after {BootTimeout.TotalSeconds} s:\n{BootLogTail()}");
    }

    private async Task<bool> SshListensAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var socket = await network.ConnectAsync(22, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private string BootLogTail()
    {
        lock (files) bootLog?.Flush();
        return string.Join('\n', File.ReadLines(files.BootLog).TakeLast(20));
    }

    /// <summary>Powers the host off the way systemd does (nspawn turns SIGTERM into a clean shutdown); files, SSH port and relays stay.</summary>
    public async Task StopAsync()
    {
        if (nspawn is null) return;
        if (!nspawn.HasExited) Libc.Signal(nspawn.Id, Libc.SigTerm);
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            try
            {
                await nspawn.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                nspawn.Kill();
                await nspawn.WaitForExitAsync();
            }
        }
        nspawn.Dispose();
        nspawn = null;
        files.ForgetNspawn();
        lock (files)
        {
            bootLog?.Dispose();
            bootLog = null;
        }
    }

    /// <summary>A power cycle: stop, then boot again (installed services, data and relayed ports survive).</summary>
    public async Task RebootAsync()
    {
        await StopAsync();
        await BootAsync();
    }

    /// <summary>Relays a port of the host to 127.0.0.1 of this machine; returns the local port (it accepts at once and survives reboots).</summary>
    public int Forward(int port)
    {
        var relay = new NamespaceRelay(network, port);
        relays.Add(relay);
        return relay.LocalPort;
    }

    /// <summary>
    /// Makes 127.0.0.1:<paramref name="port"/> of this machine reachable inside the host at 127.0.0.1:<paramref name="port"/>,
    /// e.g. the test PostgreSQL or Ceph RGW, so the host connects with the same settings as the test.
    /// </summary>
    public async Task ShareAsync(int port) => relays.Add(await NamespaceRelay.OutOfNamespaceAsync(network, port));

    /// <summary>Runs <paramref name="command"/> through the login shell of <paramref name="user"/> (root or deploy) over SSH.</summary>
    public Task<ProcessResult> SshAsync(string command, string user = "root", string? input = null, TimeSpan? timeout = null) =>
        ProcessRunner.RunAsync("ssh",
        [
            "-F", "/dev/null", "-i", SshKey, "-p", SshPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", "IdentitiesOnly=yes", "-o", $"UserKnownHostsFile={KnownHosts}", "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-o", "LogLevel=ERROR",
            $"{user}@127.0.0.1", command,
        ], timeout ?? TimeSpan.FromMinutes(4), standardInput: input);

    /// <summary>mirror-registry's connection flags that log in to this host as <paramref name="user"/>, as flag/value pairs.</summary>
    public string[] SshArguments(string user) =>
        ["-H", "127.0.0.1", "--sshPort", SshPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", user, "-k", SshKey, "--sshKnownHosts", KnownHosts];

    /// <summary>Destroys the host: powers it off, closes its relays, removes its namespace, unmounts and deletes its files.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            foreach (var relay in relays) relay.Dispose();
            await network.DisposeAsync();
            // An nspawn that would not stop is killed here, so the mount and the directory can go.
            await files.RemoveAsync(nspawnPid: nspawn?.Id);
        }
    }
}
