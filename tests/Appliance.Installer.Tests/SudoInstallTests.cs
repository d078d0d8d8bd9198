namespace Appliance.Installer.Tests;

/// <summary>
/// The main path: a remote install over SSH as a sudo user, then what an operator relies on: push and pull with
/// verified TLS, restarts, crash recovery, certificate replacement without restart, uninstall keeping data.
/// </summary>
public sealed class SudoInstallTests(Release release, ITestOutputHelper output)
{
    private const string Password = "Init-Password-0f-The-Test";

    [Fact]
    public async Task RemoteSudoInstallServesSurvivesRestartsReplacesCertificateAndUninstalls()
    {
        if (TestHost.Unavailable() is { } reason) Assert.Skip(reason);
        await using var host = await TestHost.StartAsync();
        var installer = new Installer(release.Installer, host, "deploy");

        var started = DateTime.UtcNow;
        var install = await installer.RunAsync("install", ["--quayHostname", $"{host.HostName}:8443", "--initPassword", Password, "--pgStorage", "x"], null);
        output.WriteLine($"remote install took {(DateTime.UtcNow - started).TotalSeconds:0.0} s\n{install.All}");
        install.EnsureSuccess("install");
        Assert.Contains("--pgStorage has no effect", install.All);
        Assert.DoesNotContain(Password, install.All);
        Assert.Contains($"podman login -u init --password-stdin {host.HostName}:8443", install.StandardOutput);
        Assert.Equal(Password, (await host.SshAsync("cat /var/lib/appliance/init-password")).EnsureSuccess("init-password").StandardOutput.Trim());
        Assert.Equal("", (await host.SshAsync($"journalctl --no-pager | grep -F '{Password}'; ps -eo args | grep -F '{Password}' | grep -v grep; true")).StandardOutput.Trim());
        Assert.Equal("appliance", (await host.SshAsync("ps -o user= -C appliance-registry")).EnsureSuccess("ps").StandardOutput.Trim());

        var again = await installer.RunAsync("install", "--quayHostname", $"{host.HostName}:8443");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("mirror-registry upgrade", again.All);

        using var registry = await InstalledRegistry.ConnectAsync(host, Password);
        await registry.PushAsync("mirror/app", "v1");
        (await registry.PullAsync("mirror/app", "v1")).EnsureSuccess("pull by IP");
        Assert.Equal("ready", (await registry.ReadyAsync(host.HostName)).GetProperty("status").GetString());
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => registry.ReadyAsync("not-the-registry.test"));
        Assert.Contains("init", (await installer.RunAsync("users list")).EnsureSuccess("users list").StandardOutput);

        (await host.SshAsync("systemctl restart appliance-registry")).EnsureSuccess("systemctl restart");
        (await registry.PullAsync("mirror/app", "v1")).EnsureSuccess("pull after restart");

        var pid = await MainPidAsync(host);
        (await host.SshAsync($"kill -KILL {pid}")).EnsureSuccess("kill -KILL");
        (await host.SshAsync($"for i in $(seq 1 60); do p=$(systemctl show -p MainPID --value appliance-registry); [ \"$p\" != 0 ] && [ \"$p\" != {pid} ] && curl -fsk https://127.0.0.1:8443/health/ready && exit 0; sleep 1; done; exit 1"))
            .EnsureSuccess("systemd restarts the killed server");
        (await registry.PullAsync("mirror/app", "v1")).EnsureSuccess("pull after SIGKILL");

        var servingPid = await MainPidAsync(host);
        var generatedSerial = await registry.SerialAsync();
        (await installer.RunAsync("certs renew")).EnsureSuccess("certs renew");
        var renewedSerial = await registry.WaitForSerialChangeAsync(generatedSerial);
        Assert.NotEqual(generatedSerial, renewedSerial);
        Assert.Equal(servingPid, await MainPidAsync(host));
        await registry.PushAsync("mirror/app", "renewed");

        using var certificates = new TestCertificates();
        var serialBefore = renewedSerial;
        var (certificate, key) = certificates.Issue("replacement", host.HostName, "localhost");
        (await installer.RunAsync("certs replace", "--sslCert", certificate, "--sslKey", key)).EnsureSuccess("certs replace");
        registry.Trust(certificates.CaFile);
        var serialAfter = await registry.WaitForSerialChangeAsync(serialBefore);
        Assert.NotEqual(serialBefore, serialAfter);
        Assert.Equal(servingPid, await MainPidAsync(host));
        (await registry.PullAsync("mirror/app", "v1")).EnsureSuccess("pull with the replaced certificate");

        (await installer.RunAsync("uninstall", "--autoApprove")).EnsureSuccess("uninstall");
        var leftovers = (await host.SshAsync("ls -d /opt/appliance /etc/appliance /etc/systemd/system/appliance-registry.service 2>/dev/null; pgrep -a appliance-reg; "
            + "systemctl list-unit-files 'appliance*' --no-legend; true")).StandardOutput.Trim();
        Assert.Equal("", leftovers);
        Assert.True((await host.SshAsync("test -s /var/lib/appliance/registry.db && ls /var/lib/appliance/blobs | grep -q .")).ExitCode == 0, "data was kept");

        (await installer.RunAsync("uninstall", "--deleteData", "--autoApprove")).EnsureSuccess("uninstall --deleteData");
        await Installer.AssertNothingInstalledAsync(host);
    }

    private static async Task<string> MainPidAsync(TestHost host) =>
        (await host.SshAsync("systemctl show -p MainPID --value appliance-registry")).EnsureSuccess("MainPID").StandardOutput.Trim();
}
