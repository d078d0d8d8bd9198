using System.Diagnostics;
using Appliance.Testing;

namespace Appliance.Clients.Tests;

/// <summary>
/// A dockerd of the test's own (root only) on a <see cref="ContainerdDaemon"/> of its own: data root, exec root, socket,
/// pid file, trust key and CLI config in its directory, vfs storage (no mounts) and no network changes (no iptables,
/// bridge, IP forwarding or masquerading).
/// <para>
/// It runs in a private mount namespace whose /etc/hosts maps <c>localhost</c> to ::1 only: dockerd treats every
/// registry that resolves into 127.0.0.0/8 as insecure and then skips certificate verification, so only through ::1
/// does a test by host name prove that the CA in /etc/docker/certs.d makes TLS verify. /run there is an empty tmpfs,
/// because dockerd always creates /run/docker/plugins. Both mounts live and die with the namespace, that is with dockerd.
/// </para>
/// </summary>
public sealed class DockerDaemon : TestDaemon
{
    /// <summary>
    /// Debian's CLI, of the same release as its dockerd (20.10); a newer CLI in /usr/local/bin may come first on PATH.
    /// </summary>
    public const string Cli = "/usr/bin/docker";

    private ContainerdDaemon? _containerd;

    private DockerDaemon() : base("dkd")
    {
    }

    public string Socket => Directory.Combine("docker.sock");

    public static async Task<DockerDaemon> StartAsync()
    {
        Assert.True(ProcessRunner.IsInstalled("dockerd") && File.Exists(Cli), $"dockerd or {Cli} is not installed; ./build.sh test installs them when run as root");
        var daemon = new DockerDaemon();
        return await StartedOrDisposedAsync(daemon, async () =>
        {
            daemon._containerd = await ContainerdDaemon.StartAsync();
            await daemon.StartProcessAsync(daemon.StartInfo(), daemon.IsReadyAsync, TimeSpan.FromSeconds(60));
        });
    }

    /// <summary>The CLI's config.json (its logins), which a pull secret is the shape of.</summary>
    public string CliConfigFile => Directory.Combine("cli", "config.json");

    /// <summary>The docker CLI against this daemon, with a config directory (logins) of its own.</summary>
    public Task<ProcessResult> DockerAsync(string[] arguments, string? standardInput = null) =>
        ProcessRunner.RunAsync(Cli, ["--config", Directory.Combine("cli"), "--host", $"unix://{Socket}", .. arguments], standardInput: standardInput);

    private ProcessStartInfo StartInfo()
    {
        var hosts = Directory.Combine("hosts");
        File.WriteAllText(hosts, "::1 localhost\n");
        // dockerd has no flag for its trust key and would write /etc/docker/key.json.
        var config = Directory.Combine("daemon.json");
        File.WriteAllText(config, $$"""{ "deprecated-key-path": "{{Directory.Combine("key.json")}}" }""");
        var start = new ProcessStartInfo("unshare")
        {
            ArgumentList = { "--mount", "--propagation", "private", "sh", "-c", "mount --bind \"$0\" /etc/hosts && mount -t tmpfs tmpfs /run && exec dockerd \"$@\"", hosts },
        };
        foreach (var argument in (string[])[
                     "--config-file", config, "--data-root", Directory.Combine("data"), "--exec-root", Directory.Combine("exec"),
                     "--host", $"unix://{Socket}", "--pidfile", Directory.Combine("docker.pid"), "--containerd", _containerd!.Socket,
                     "--storage-driver", "vfs", "--iptables=false", "--ip6tables=false", "--ip-forward=false", "--ip-masq=false", "--bridge=none"])
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    private async Task<bool> IsReadyAsync() =>
        File.Exists(Socket) && (await DockerAsync(["version", "--format", "{{.Server.Version}}"])).ExitCode == 0;

    /// <summary>dockerd first, then the containerd it runs on.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_containerd is not null) await _containerd.DisposeAsync();
    }
}
