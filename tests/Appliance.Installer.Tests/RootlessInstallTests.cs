namespace Appliance.Installer.Tests;

/// <summary>A user without sudo gets a rootless user service that runs after logout (linger) and serves images.</summary>
public sealed class RootlessInstallTests(Release release)
{
    [Fact]
    public async Task UserWithoutSudoGetsARootlessUserService()
    {
        if (TestHost.Unavailable() is { } reason) Assert.Skip(reason);
        await using var host = await TestHost.StartAsync();
        (await host.SshAsync("rm /etc/sudoers.d/deploy")).EnsureSuccess("taking sudo away from deploy");
        var installer = new Installer(release.Installer, host, "deploy");

        var install = await installer.RunAsync("install", ["--quayHostname", $"{host.HostName}:8443", "--initPassword", "rootless-Init-pass"], null);
        install.EnsureSuccess("rootless install");
        Assert.Contains("rootless user service", install.All);
        Assert.Equal("active", (await host.SshAsync("XDG_RUNTIME_DIR=/run/user/$(id -u) systemctl --user is-active appliance-registry", "deploy")).StandardOutput.Trim());
        Assert.Equal("deploy", (await host.SshAsync("ps -o user= -C appliance-registry")).StandardOutput.Trim());
        Assert.False((await host.SshAsync("test -e /etc/systemd/system/appliance-registry.service")).ExitCode == 0, "no system unit");

        using var registry = await InstalledRegistry.ConnectAsync(host, "rootless-Init-pass", "/home/deploy/.local/share/appliance");
        await registry.PushAsync("mirror/rootless", "v1");
        (await registry.PullAsync("mirror/rootless", "v1")).EnsureSuccess("pull from the rootless registry");

        (await installer.RunAsync("uninstall", "--autoApprove")).EnsureSuccess("rootless uninstall");
        Assert.Equal("", (await host.SshAsync("ls /home/deploy/.config/systemd/user/appliance-registry.service /home/deploy/.local/lib/appliance 2>/dev/null; pgrep -a appliance-reg; true")).StandardOutput.Trim());
    }
}
