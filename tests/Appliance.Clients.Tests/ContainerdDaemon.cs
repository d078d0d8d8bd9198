using System.Diagnostics;
using Appliance.Testing;

namespace Appliance.Clients.Tests;

/// <summary>
/// A containerd of the test's own (root only): root, state, opt directory and sockets in a fresh directory from its own
/// config file, without the CRI plugin and with the native snapshotter only (overlayfs would mount), so nothing outside
/// that directory changes and no system containerd is touched. Started and stopped by its PID.
/// </summary>
public sealed class ContainerdDaemon : IAsyncDisposable
{
    /// <summary>The containerd namespace the tests' images live in.</summary>
    public const string Namespace = "appliance-test";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    // Short prefix: unix socket paths are limited to 107 bytes.
    private readonly TestDirectory _directory = new("ctd");
    private ServerProcess? _process;

    private ContainerdDaemon()
    {
    }

    public string Socket => _directory.Combine("containerd.sock");

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("containerd is not running");

    public static async Task<ContainerdDaemon> StartAsync()
    {
        foreach (var tool in new[] { "containerd", "ctr" })
        {
            Assert.True(ProcessRunner.IsInstalled(tool), $"{tool} is not installed; ./build.sh test installs it when run as root");
        }
        var daemon = new ContainerdDaemon();
        try
        {
            var config = daemon._directory.Combine("config.toml");
            await File.WriteAllTextAsync(config, daemon.Config());
            daemon._process = await ServerProcess.StartAsync(new ProcessStartInfo("containerd") { ArgumentList = { "--config", config } },
                daemon.IsReadyAsync, StartTimeout);
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>ctr against this daemon, in <see cref="Namespace"/>.</summary>
    public Task<ProcessResult> CtrAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("ctr", ["--address", Socket, "--namespace", Namespace, .. arguments]);

    private async Task<bool> IsReadyAsync() =>
        File.Exists(Socket) && (await ProcessRunner.RunAsync("ctr", ["--address", Socket, "version"])).ExitCode == 0;

    private string Config() => $"""
        version = 2
        root = "{_directory.Combine("root")}"
        state = "{_directory.Combine("state")}"
        disabled_plugins = [
          "io.containerd.grpc.v1.cri",
          "io.containerd.snapshotter.v1.aufs",
          "io.containerd.snapshotter.v1.btrfs",
          "io.containerd.snapshotter.v1.devmapper",
          "io.containerd.snapshotter.v1.overlayfs",
          "io.containerd.snapshotter.v1.zfs"
        ]

        [grpc]
          address = "{Socket}"

        [ttrpc]
          address = "{Socket}.ttrpc"

        [plugins."io.containerd.internal.v1.opt"]
          path = "{_directory.Combine("opt")}"
        """;

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(StopGrace);
            _process.Dispose();
        }
        _directory.Dispose();
    }
}
