using Appliance.Installer.Installation;

namespace Appliance.Installer.Tests;

/// <summary>An install as root that survives a reboot, upgrades in place, and rolls back a broken release by itself.</summary>
public sealed class RootInstallUpgradeTests(Release release)
{
    [Fact]
    public async Task RootInstallSurvivesRebootUpgradesAndRollsBackABrokenRelease()
    {
        if (TestHost.Unavailable() is { } reason) Assert.Skip(reason);
        await using var host = await TestHost.StartAsync();
        var installer = new Installer(release.Installer, host, "root");

        (await installer.RunAsync("install", "--quayHostname", $"{host.HostName}:8443")).EnsureSuccess("install as root");
        var password = (await host.SshAsync("cat /var/lib/appliance/init-password")).EnsureSuccess("init-password").StandardOutput.Trim();
        using var registry = await InstalledRegistry.ConnectAsync(host, password);
        await registry.PushAsync("mirror/base", "v1");

        await host.RebootAsync();
        (await host.SshAsync("for i in $(seq 1 60); do curl -fsk https://127.0.0.1:8443/health/ready && exit 0; sleep 1; done; exit 1")).EnsureSuccess("ready after reboot");
        (await registry.PullAsync("mirror/base", "v1")).EnsureSuccess("pull after reboot");

        var configBefore = (await host.SshAsync("cat /etc/appliance/config.yaml /var/lib/appliance/tls/ssl.crt")).EnsureSuccess("config").StandardOutput;
        var next = await release.VariantAsync("9.9.1", broken: false);
        var upgraded = await Run.ProgramAsync(next, ["upgrade", .. host.SshArguments("root")]);
        upgraded.EnsureSuccess("upgrade");
        Assert.Contains($"upgraded {release.Version} -> 9.9.1", upgraded.StandardOutput);
        Assert.Contains("9.9.1", (await host.SshAsync("readlink /opt/appliance/current")).StandardOutput);
        // The database was copied with SQLite's backup API: one self-contained file, no WAL beside it.
        var backup = (await host.SshAsync($"cd /var/lib/appliance/backups/upgrade-{release.Version}-to-9.9.1-* && ls && head -c 15 registry.db")).EnsureSuccess("backup").StandardOutput;
        Assert.Equal(["appliance-registry.service", "config.yaml", "install.json", "registry.db", "tls", "SQLite format 3"], backup.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        (await registry.PullAsync("mirror/base", "v1")).EnsureSuccess("pull after upgrade with the same credentials");
        Assert.Equal(configBefore, (await host.SshAsync("cat /etc/appliance/config.yaml /var/lib/appliance/tls/ssl.crt")).StandardOutput);
        Assert.Contains("already runs 9.9.1", (await Run.ProgramAsync(next, ["upgrade", .. host.SshArguments("root")])).EnsureSuccess("same-version upgrade").StandardOutput);

        var broken = await Run.ProgramAsync(await release.VariantAsync("9.9.2", broken: true), ["upgrade", .. host.SshArguments("root")]);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("rolled back", broken.All);
        Assert.Contains("9.9.1 is active again", broken.All);
        Assert.Contains("deliberately broken build", broken.All);
        Assert.Equal("9.9.1", (await host.SshAsync("readlink /opt/appliance/current")).StandardOutput.Trim());
        (await registry.PullAsync("mirror/base", "v1")).EnsureSuccess("pull after the rollback");
        await registry.PushAsync("mirror/base", "v2");

        // The unit templates also hold for the variants install does not exercise here: a privileged port and data in a home.
        var layout = InstallLayout.System("/home/registry-data");
        var unit = UnitTemplate.Render(await File.ReadAllTextAsync(Path.Combine(release.Directory, "systemd", "appliance-registry.service"), TestContext.Current.CancellationToken), layout, 443);
        Assert.Contains("CapabilityBoundingSet=CAP_NET_BIND_SERVICE", unit);
        Assert.Contains("ProtectHome=no", unit);
        var verified = await host.SshAsync("mkdir -p /run/verify && cat > /run/verify/appliance-registry.service && systemd-analyze verify /run/verify/appliance-registry.service",
            input: unit);
        Assert.True(verified.ExitCode == 0, verified.All);
    }
}
