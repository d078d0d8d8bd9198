using Appliance.Testing.Quay;

namespace Appliance.Installer.Tests;

/// <summary>
/// <c>migrate --fromMirrorRegistry</c> run over SSH as a sudo user, as operators do, on one host where mirror-registry 2.x
/// was installed and runs as root (root's system units, its files in /root/quay-install): the dry run changes nothing; a
/// failure after the stop (Quay's database damaged as its unit stops) rolls back to Quay serving as before; the takeover
/// then serves every tag Quay had, by name and by digest, to skopeo and to podman, with Quay's CA, a Quay user's password
/// and a Quay robot's token, and renews from Quay's CA; <c>--cleanup</c> removes what is left of Quay, and the hard-linked
/// blobs outlive Quay's volume.
/// </summary>
public sealed class MigrateTests(Release release, ITestOutputHelper output)
{
    private const string InitPassword = "Quay-Init-Password-1";
    private const string AlicePassword = "Quay-Alice-Password-2";
    private const string RobotToken = "R0B0TT0KENM1GRAT10NR0B0TT0KENM1GRAT10NR0B0TT0KENM1GRAT10N12345678";
    private const string AllActive = "active enabled\nactive enabled\nactive enabled";
    private const string DamageOnStop = "/etc/systemd/system/quay-app.service.d/damage-database.conf";
    private static readonly TestImage ReleaseImage = TestImages.Image(2, 32 * 1024, 4101);
    private static readonly TestImage Tool = TestImages.Image(1, 16 * 1024, 4102, docker: true);

    [Fact]
    public async Task DryRunChangesNothingAFailureRollsBackTheTakeoverServesQuaysContentAndCleanupRemovesQuay()
    {
        if (TestHost.Unavailable() is { } reason) Assert.Skip(reason);
        await using var host = await TestHost.StartAsync();
        using var directory = new TestDirectory("quay-install");
        var quay = new QuayInstallation(directory.Path, $"{host.HostName}:8443")
            .AddUser("init", InitPassword, superUser: true).AddUser("alice", AlicePassword)
            .AddOrganization("ocp4", "init").AddRepository("ocp4/release").AddRepository("alice/tools")
            .AddPermission("alice", "ocp4/release", "read")
            .Push("ocp4/release", "4.18.1", ReleaseImage).Push("alice/tools", "v1", Tool);
        var robot = quay.AddRobot("ocp4", "puller", RobotToken);
        quay.AddPermission(robot, "ocp4/release", "read");
        var mirrorRegistry = await FakeMirrorRegistry.InstallAsync(host, quay);
        var installer = new Installer(release.Installer, host, "deploy");
        Assert.Equal(AllActive, await mirrorRegistry.StatesAsync(host));
        var quayFiles = await QuayFilesAsync(host);

        var plan = await installer.RunAsync("migrate", "--fromMirrorRegistry", "--dryRun");
        output.WriteLine(plan.All);
        plan.EnsureSuccess("migrate --dryRun");
        Assert.Contains("quay-app.service: active, enabled", plan.StandardOutput);
        Assert.Contains($"taken over as {host.HostName}:8443", plan.StandardOutput);
        Assert.Contains($"podman volumes: quay-storage", plan.StandardOutput);
        Assert.Contains($"Quay schema {QuayInstallation.SupportedSchemaVersion}: 2 users", plan.StandardOutput);
        Assert.Contains("blobs hard-linked", plan.StandardOutput);
        Assert.Contains("CA key: /root/quay-install/quay-rootCA/rootCA.key moves along", plan.StandardOutput);
        Assert.Contains("nothing was changed", plan.StandardOutput);
        Assert.Equal(AllActive, await mirrorRegistry.StatesAsync(host));
        Assert.Equal(quayFiles, await QuayFilesAsync(host));
        await Installer.AssertNothingInstalledAsync(host);

        // A failure after the stop: quay-app's stop damages the database the import then reads.
        (await host.SshAsync($"mkdir -p $(dirname {DamageOnStop}) && cat > {DamageOnStop} && systemctl daemon-reload",
            input: $"[Service]\nExecStopPost=/bin/sh -c 'cp -a {FakeMirrorRegistry.SqliteFile} /root/intact.db && "
                + $"printf not-a-database!! | dd of={FakeMirrorRegistry.SqliteFile} bs=16 count=1 conv=notrunc'\n")).EnsureSuccess("injecting the failure");
        var failed = await installer.RunAsync("migrate", "--fromMirrorRegistry");
        output.WriteLine(failed.All);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("the import failed", failed.All);
        Assert.Contains("rolled back: mirror-registry runs as before", failed.All);
        Assert.Equal(AllActive, await mirrorRegistry.StatesAsync(host));
        (await mirrorRegistry.ServesAsync(host)).EnsureSuccess("Quay serving HTTPS again after the rollback");
        await Installer.AssertNothingInstalledAsync(host);
        (await host.SshAsync($"rm -r $(dirname {DamageOnStop}) && systemctl daemon-reload && mv /root/intact.db {FakeMirrorRegistry.SqliteFile}")).EnsureSuccess("repairing");
        Assert.Equal(quayFiles, await QuayFilesAsync(host));

        var takeover = await installer.RunAsync("migrate", "--fromMirrorRegistry");
        output.WriteLine(takeover.All);
        takeover.EnsureSuccess("migrate");
        Assert.Equal("inactive disabled\ninactive disabled\ninactive disabled", await mirrorRegistry.StatesAsync(host));
        using var registry = await InstalledRegistry.ConnectAsync(host, mirrorRegistry.CaPem, "alice", AlicePassword);
        await registry.AssertServesAsync("ocp4/release", "4.18.1", ReleaseImage.Digest);
        await registry.AssertServesAsync("alice/tools", "v1", Tool.Digest);
        using var puller = await InstalledRegistry.ConnectAsync(host, mirrorRegistry.CaPem, robot, RobotToken);
        await puller.AssertServesAsync("ocp4/release", "4.18.1", ReleaseImage.Digest);
        (await installer.RunAsync("certs renew")).EnsureSuccess("certs renew from Quay's CA");

        var preview = await installer.RunAsync("migrate", "--fromMirrorRegistry", "--cleanup", "--dryRun");
        preview.EnsureSuccess("migrate --cleanup --dryRun");
        Assert.Contains("remove the podman volume quay-storage", preview.StandardOutput);
        Assert.Contains("nothing was removed", preview.StandardOutput);
        Assert.Equal(quayFiles, await QuayFilesAsync(host));
        (await installer.RunAsync("migrate", "--fromMirrorRegistry", "--cleanup", "--autoApprove")).EnsureSuccess("migrate --cleanup");
        var left = await host.SshAsync($"ls /etc/systemd/system/quay-* {FakeMirrorRegistry.Volumes}/quay-storage 2>/dev/null; systemctl list-unit-files 'quay-*' --no-legend; true");
        Assert.Equal("", left.StandardOutput.Trim());
        // After Quay's volume is gone (the blobs were hard-linked) and its secrets with it, the robot's token still works.
        Assert.Equal(ReleaseImage.Digest, await puller.SkopeoCopyAsync("ocp4/release:4.18.1"));
    }

    /// <summary>Every file of Quay's (config, CA, database, blobs, units) with its checksum.</summary>
    private static async Task<string> QuayFilesAsync(TestHost host) =>
        (await host.SshAsync($"find {FakeMirrorRegistry.Root} {FakeMirrorRegistry.Volumes} /etc/systemd/system/quay-*.service -type f -exec sha256sum {{}} + | sort"))
            .EnsureSuccess("checksums of Quay's files").StandardOutput;
}
