using System.Diagnostics;
using Appliance.Testing;

namespace Appliance.Clients.Tests;

/// <summary>
/// A containerd of the test's own (root only): root, state, opt directory and sockets in its directory from its own
/// config file, without the CRI plugin and with the native snapshotter only (overlayfs would mount).
/// </summary>
public sealed class ContainerdDaemon : TestDaemon
{
    /// <summary>The containerd namespace the tests' images live in.</summary>
    public const string Namespace = "appliance-test";

    private ContainerdDaemon() : base("ctd")
    {
    }

    public string Socket => Directory.Combine("containerd.sock");

    public static async Task<ContainerdDaemon> StartAsync()
    {
        foreach (var tool in new[] { "containerd", "ctr" })
        {
            Assert.True(ProcessRunner.IsInstalled(tool), $"{tool} is not installed; ./build.sh test installs it when run as root");
        }
        var daemon = new ContainerdDaemon();
        return await StartedOrDisposedAsync(daemon, async () =>
        {
            var config = daemon.Directory.Combine("config.toml");
            await File.WriteAllTextAsync(config, daemon.Config());
            await daemon.StartProcessAsync(new ProcessStartInfo("containerd") { ArgumentList = { "--config", config } },
                daemon.IsReadyAsync, TimeSpan.FromSeconds(30));
        });
    }

    /// <summary>ctr against this daemon, in <see cref="Namespace"/>.</summary>
    public Task<ProcessResult> CtrAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("ctr", ["--address", Socket, "--namespace", Namespace, .. arguments]);

    private async Task<bool> IsReadyAsync() =>
        File.Exists(Socket) && (await ProcessRunner.RunAsync("ctr", ["--address", Socket, "version"])).ExitCode == 0;

    private string Config() => $"""
        version = 2
        root = "{Directory.Combine("root")}"
        state = "{Directory.Combine("state")}"
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
          path = "{Directory.Combine("opt")}"
        """;
}
