namespace Appliance.Installer.Tests;

/// <summary>
/// The installer run on the target itself (LocalTarget: no SSH to itself) by a sudo user, and a forced
/// reinstall that keeps the data.
/// </summary>
public sealed class LocalInstallTests(Release release)
{
    [Fact]
    public async Task InstallOnTheHostItselfAndForcedReinstallKeepData()
    {
        if (TestHost.Unavailable() is { } reason) Assert.Skip(reason);
        await using var host = await TestHost.StartAsync();
        // The unpacked release goes straight into the host's file system, as if copied there by the operator.
        (await Run.ProgramAsync("cp", ["-a", release.Directory, Path.Combine(host.RootFs, "home", "deploy", "release")])).EnsureSuccess("copying the release");
        (await host.SshAsync("chown -R deploy:deploy /home/deploy/release")).EnsureSuccess("chown");

        var install = await host.SshAsync("cd release && ./mirror-registry install --initPassword Local-Init-pass --no-color", "deploy");
        install.EnsureSuccess("local install");
        Assert.Contains("(this machine)", install.StandardOutput);
        Assert.Contains($"https://{host.Name}", install.StandardOutput);
        Assert.Equal("", (await host.SshAsync("ls /home/deploy/.ssh/known_hosts 2>/dev/null; true")).StandardOutput.Trim());

        using var registry = await InstalledRegistry.ConnectAsync(host, "Local-Init-pass");
        await registry.PushAsync("mirror/local", "v1");

        var again = await host.SshAsync("cd release && ./mirror-registry install --no-color", "deploy");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already installed", again.All);

        (await host.SshAsync("cd release && ./mirror-registry install --force --no-color", "deploy")).EnsureSuccess("install --force");
        (await registry.PullAsync("mirror/local", "v1")).EnsureSuccess("pull after a forced reinstall");
        Assert.Equal("Local-Init-pass", (await host.SshAsync("cat /var/lib/appliance/init-password")).StandardOutput.Trim());
    }
}
