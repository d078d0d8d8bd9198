namespace Appliance.Installer.Tests;

/// <summary>Each way an install is doomed from the start is reported clearly and leaves the host untouched.</summary>
public sealed class FailBeforeChangeTests(Release release)
{
    [Fact]
    public async Task DoomedInstallsFailClearlyAndChangeNothing()
    {
        if (TestHost.Unavailable() is { } reason) Assert.Skip(reason);
        await using var host = await TestHost.StartAsync();
        using var certificates = new TestCertificates();
        var installer = new Installer(release.Installer, host, "deploy");

        var otherKey = Path.Combine(Path.GetTempPath(), $"wrong-key-{Guid.NewGuid():N}");
        (await Run.ProgramAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", otherKey])).EnsureSuccess("ssh-keygen");
        var wrongKey = await installer.RunAsync("install", "-k", otherKey);
        Assert.NotEqual(0, wrongKey.ExitCode);
        Assert.Contains("did not accept the SSH key", wrongKey.All);

        var emptyKnownHosts = Path.Combine(Path.GetTempPath(), $"known-{Guid.NewGuid():N}");
        var unknown = await installer.RunAsync("install", "--sshKnownHosts", emptyKnownHosts);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("is not in", unknown.All);
        Assert.Contains("--sshAcceptNewHostKey", unknown.All);

        await File.WriteAllTextAsync(emptyKnownHosts, (await File.ReadAllTextAsync(host.KnownHosts, TestContext.Current.CancellationToken)).Replace("AAAA", "AAAB", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var changed = await installer.RunAsync("install", "--sshKnownHosts", emptyKnownHosts);
        Assert.NotEqual(0, changed.ExitCode);
        Assert.Contains("does not match", changed.All);

        var (certificate, key) = certificates.MismatchedPair(host.HostName);
        var badCertificate = await installer.RunAsync("install", "--quayHostname", $"{host.HostName}:8443", "--sslCert", certificate, "--sslKey", key);
        Assert.NotEqual(0, badCertificate.ExitCode);
        Assert.Contains("certificate cannot be used", badCertificate.All);

        (await host.SshAsync("systemd-run --unit=squatter systemd-socket-activate -l 8443 /bin/cat")).EnsureSuccess("occupying port 8443");
        var portInUse = await installer.RunAsync("install", "--quayHostname", $"{host.HostName}:8443");
        Assert.NotEqual(0, portInUse.ExitCode);
        Assert.Contains("port 8443 is already in use", portInUse.All);

        (await host.SshAsync("echo 'deploy:Become-Pass-1' | chpasswd && echo 'deploy ALL=(ALL) ALL' > /etc/sudoers.d/deploy")).EnsureSuccess("sudo with a password");
        var wrongBecomePassword = await installer.RunAsync("install", ["--askBecomePass"], "not-the-password\n");
        Assert.NotEqual(0, wrongBecomePassword.ExitCode);
        Assert.Contains("did not accept the become password", wrongBecomePassword.All);
        var becomePassword = await installer.RunAsync("install", ["--askBecomePass", "--quayHostname", $"{host.HostName}:8443"], "Become-Pass-1\n");
        Assert.Contains("(system service)", becomePassword.All);
        Assert.Contains("port 8443 is already in use", becomePassword.All);
        Assert.DoesNotContain("Become-Pass-1", becomePassword.All);

        var arm64Release = await new Installer(await release.Arm64PayloadVariantAsync(), host, "deploy").RunAsync("install");
        Assert.NotEqual(0, arm64Release.ExitCode);
        Assert.Contains("this release is for Linux aarch64; the target reports 'Linux x86_64': install the linux-x64 release there", arm64Release.All);

        await Installer.AssertNothingInstalledAsync(host);

        var accepted = Path.Combine(Path.GetTempPath(), $"known-{Guid.NewGuid():N}");
        var acceptNew = await installer.RunAsync("status", "--sshKnownHosts", accepted, "--sshAcceptNewHostKey");
        Assert.Contains("no installation found", acceptNew.All);
        Assert.Contains($"[127.0.0.1]:{host.SshPort} ssh-", await File.ReadAllTextAsync(accepted, TestContext.Current.CancellationToken));
        File.Delete(accepted);
        File.Delete(emptyKnownHosts);
        File.Delete(otherKey);
        File.Delete(otherKey + ".pub");
    }
}
