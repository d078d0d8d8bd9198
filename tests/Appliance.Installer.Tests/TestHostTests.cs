using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Appliance.Installer.Tests;

/// <summary>
/// What the E2E tests stand on, checked on its own: booted systemd, key-only SSH for root and a sudo user with linger,
/// hosts apart from each other, relays that survive a reboot, and a destroy that leaves nothing behind.
/// </summary>
public sealed class TestHostTests(ITestOutputHelper output)
{
    // A socket-activated echo on port 7 inside the host, enabled so that it comes back after a reboot.
    private const string EchoUnits =
        "printf '[Socket]\\nListenStream=7\\nAccept=yes\\n[Install]\\nWantedBy=sockets.target\\n' > /etc/systemd/system/echo.socket && "
        + "printf '[Service]\\nExecStart=/bin/cat\\nStandardInput=socket\\n' > /etc/systemd/system/echo@.service && "
        + "systemctl enable --now echo.socket";

    [Fact]
    public async Task TwoHostsBootServeSshKeepRelaysAcrossRebootAndLeaveNothingBehind()
    {
        if (TestHost.Unavailable() is { } reason) Assert.Skip(reason);
        await TestHost.PrepareAsync();
        await using var first = await TestHost.StartAsync();
        var second = await TestHost.StartAsync();
        output.WriteLine($"create {first.CreateDuration.TotalSeconds:0.00} s, boot to SSH {first.BootDuration.TotalSeconds:0.00} s; "
            + $"second host: create {second.CreateDuration.TotalSeconds:0.00} s, boot to SSH {second.BootDuration.TotalSeconds:0.00} s");
        try
        {
            Assert.NotEqual(first.SshPort, second.SshPort);
            Assert.NotEqual(HostKey(first), HostKey(second));
            Assert.Equal("running", (await first.SshAsync("systemctl is-system-running --wait")).StandardOutput.Trim());
            Assert.Equal(first.Name, (await first.SshAsync("hostname")).EnsureSuccess("hostname").StandardOutput.Trim());
            Assert.Equal("0", (await first.SshAsync("sudo -n id -u", "deploy")).EnsureSuccess("passwordless sudo").StandardOutput.Trim());
            Assert.Equal("running", (await first.SshAsync("XDG_RUNTIME_DIR=/run/user/$(id -u) systemctl --user is-system-running --wait", "deploy")).StandardOutput.Trim());

            (await first.SshAsync(EchoUnits)).EnsureSuccess("enabling the echo socket");
            var echo = first.Forward(7);
            Assert.Equal("hello", await EchoAsync(echo, "hello"));
            // The second host has its own network namespace: nothing listens on its port 7.
            var nothing = second.Forward(7);
            await Assert.ThrowsAnyAsync<Exception>(() => EchoAsync(nothing, "hello"));

            (await first.SshAsync("echo kept > /var/lib/marker")).EnsureSuccess("writing a marker");
            var sshPort = first.SshPort;
            await first.RebootAsync();
            Assert.Equal(sshPort, first.SshPort);
            Assert.Equal("kept", (await first.SshAsync("cat /var/lib/marker")).EnsureSuccess("marker after reboot").StandardOutput.Trim());
            Assert.Equal("again", await EchoAsync(echo, "again"));
            Assert.Equal("running", (await first.SshAsync("systemctl is-system-running --wait")).StandardOutput.Trim());
        }
        finally
        {
            var (rootFs, network) = (second.RootFs, second.NetworkNamespacePath);
            await second.DisposeAsync();
            Assert.False(Directory.Exists(rootFs), "the host's files are deleted");
            Assert.False(File.Exists(network), "the host's network namespace is removed");
            Assert.DoesNotContain(second.Name, await File.ReadAllTextAsync("/proc/self/mountinfo", TestContext.Current.CancellationToken));
            Assert.Empty(ProcessesMentioning(second.Name));
        }
    }

    private static string HostKey(TestHost host) => File.ReadAllText(host.KnownHosts).Split(' ')[2];

    /// <summary>Sends a line through a relay and returns what came back once the far end closed.</summary>
    private static async Task<string> EchoAsync(int port, string line)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"));
        client.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var answer = await reader.ReadToEndAsync();
        return answer.Length > 0 ? answer.Trim() : throw new IOException($"no answer through 127.0.0.1:{port}");
    }

    private static string[] ProcessesMentioning(string text) =>
        [.. Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Select(d =>
        {
            try { return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' '); }
            catch (IOException) { return ""; }
            catch (UnauthorizedAccessException) { return ""; }
        }).Where(commandLine => commandLine.Contains(text, StringComparison.Ordinal))];
}
