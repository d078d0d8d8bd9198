using System.Diagnostics;
using Appliance.Testing.Quay;

namespace Appliance.Installer.Tests;

/// <summary>
/// <c>migrate --fromMirrorRegistry</c> run on the host itself by a user without sudo whose mirror-registry is rootless
/// (user units; the database and blobs in host directories under ~/quay-install): a full disk right after the stop rolls
/// back to Quay serving unchanged; the takeover then checks every live tag and serves each of them by name and by digest,
/// to skopeo and to podman, with Quay's CA, a user's password and the robot's token, also to podman pulling by digest
/// through a registries.conf mirror of the images' source name as a cluster node does, and <c>--cleanup</c> removes the
/// user units.
/// </summary>
public sealed class RootlessMigrateTests(Release release, ITestOutputHelper output)
{
    private const string User = "deploy";
    private const string InitPassword = "Quay-Init-Password-3";
    private const string AlicePassword = "Quay-Alice-Password-4";
    private const string RobotToken = "R0B0TT0KENR0B0TT0KENR0B0TT0KENR0B0TT0KENR0B0TT0KENR0B0TT0KEN1234";
    private const string AllActive = "active enabled\nactive enabled\nactive enabled";
    private const string Home = $"/home/{User}";
    private const string UnitDirectory = $"{Home}/.config/systemd/user";
    /// <summary>Where the rootless registry's data goes: the file system that is full after the stop.</summary>
    private const string Share = $"{Home}/.local/share";
    private const string FullDiskOnStop = $"{UnitDirectory}/quay-app.service.d/full-disk.conf";
    private static readonly TestImage ReleaseImage = TestImages.Image(2, 32 * 1024, 4201);
    private static readonly TestImage Tool = TestImages.Image(1, 16 * 1024, 4202, docker: true);

    [Fact]
    public async Task RootlessQuayInHostDirectoriesTakenOverLocallyRollsBackFromAFullDiskAndServesAClusterPullByDigest()
    {
        if (TestHost.Unavailable() is { } reason) Assert.Skip(reason);
        var clock = Stopwatch.StartNew();
        await using var host = await TestHost.StartAsync();
        (await host.SshAsync($"rm /etc/sudoers.d/{User}")).EnsureSuccess("taking sudo away");
        using var directory = new TestDirectory("quay-install");
        var quay = new QuayInstallation(directory.Path, $"{host.HostName}:8443")
            .AddUser("init", InitPassword, superUser: true).AddUser("alice", AlicePassword)
            .AddOrganization("ocp4", "init").AddRepository("ocp4/release").AddRepository("alice/tools")
            .AddPermission("alice", "ocp4/release", "read")
            .Push("ocp4/release", "4.18.1", ReleaseImage).Push("alice/tools", "v1", Tool);
        var robot = quay.AddRobot("ocp4", "puller", RobotToken);
        quay.AddPermission(robot, "ocp4/release", "read");
        var mirrorRegistry = await FakeMirrorRegistry.InstallRootlessAsync(host, quay, User);
        var root = FakeMirrorRegistry.RootOf(User);
        // The unpacked release on the host, run there by its user: the installer's local target, no SSH to itself.
        (await Run.ProgramAsync("cp", ["-a", release.Directory, Path.Combine(host.RootFs, "home", User, "release")])).EnsureSuccess("copying the release");
        (await host.SshAsync($"chown -R {User}:{User} {Home}/release")).EnsureSuccess("chown");
        Task<ProcessResult> MigrateAsync(string flags = "") =>
            host.SshAsync($"cd release && ./mirror-registry migrate --fromMirrorRegistry --no-color {flags}", User, timeout: TimeSpan.FromMinutes(10));
        Assert.Equal(AllActive, await mirrorRegistry.StatesAsync(host));
        var quayFiles = await QuayFilesAsync(host, root);
        var ready = clock.Elapsed;

        var plan = await MigrateAsync("--dryRun");
        output.WriteLine(plan.All);
        plan.EnsureSuccess("migrate --dryRun");
        Assert.Contains($"rootless user units in {UnitDirectory}", plan.StandardOutput);
        Assert.Contains($"database {root}/sqlite-storage/quay_sqlite.db; blobs {root}/quay-storage", plan.StandardOutput);
        Assert.DoesNotContain("podman volumes", plan.StandardOutput);
        Assert.Contains("blobs hard-linked", plan.StandardOutput);
        Assert.Contains("nothing was changed", plan.StandardOutput);
        Assert.Equal(quayFiles, await QuayFilesAsync(host, root));

        // A full disk after the stop: the registry's data goes to a file system of its own, which quay-app's stop waits to
        // see shrunk to what it holds (root does that; the user cannot). Scripts, so that systemd expands nothing in them.
        await File.WriteAllTextAsync(Path.Combine(host.RootFs, "root", "fill-disk.sh"), "while [ ! -e /tmp/quay-stopped ]; do sleep 0.1; done\n"
            + $"used=$(df -Pk {Share} | awk 'NR==2 {{print $3}}')\nmount -o remount,size=$((used + 4))k {Share} && touch /tmp/disk-full\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(host.RootFs, "usr", "local", "bin", "wait-for-full-disk.sh"),
            "touch /tmp/quay-stopped\nfor i in $(seq 1 300); do [ -e /tmp/disk-full ] && exit 0; sleep 0.1; done\nexit 1\n",
            TestContext.Current.CancellationToken);
        (await host.SshAsync($"mkdir -p {Share} && chown {User}:{User} {Home}/.local {Share} && mount -t tmpfs -o size=2g,uid=$(id -u {User}),gid=$(id -g {User}) tmpfs {Share} && "
            + "systemd-run --quiet --unit=fill-disk /bin/sh /root/fill-disk.sh")).EnsureSuccess("a file system for the data that fills up");
        (await host.SshAsync($"mkdir -p $(dirname {FullDiskOnStop}) && cat > {FullDiskOnStop} && {FakeMirrorRegistry.UserSystemctl} daemon-reload", User,
            input: "[Service]\nExecStopPost=/bin/sh /usr/local/bin/wait-for-full-disk.sh\n")).EnsureSuccess("filling the disk as quay-app stops");
        var failed = await MigrateAsync();
        output.WriteLine(failed.All);
        Assert.Equal(1, failed.ExitCode);
        Assert.True((await host.SshAsync("test -e /tmp/disk-full")).ExitCode == 0, "the disk was filled after the stop");
        Assert.Contains("the import failed", failed.All);
        Assert.Matches("(?i)no space left on device|database or disk is full", failed.All);
        Assert.Contains("rolled back: mirror-registry runs as before", failed.All);
        Assert.Equal(AllActive, await mirrorRegistry.StatesAsync(host));
        (await mirrorRegistry.ServesAsync(host)).EnsureSuccess("Quay serving HTTPS again after the rollback");
        Assert.Equal("", (await host.SshAsync($"ls -d {Home}/.local/lib/appliance {Share}/appliance {UnitDirectory}/appliance-registry.service 2>/dev/null; "
            + "pgrep -a appliance-reg; true")).StandardOutput.Trim());
        (await host.SshAsync($"rm -r $(dirname {FullDiskOnStop}) && {FakeMirrorRegistry.UserSystemctl} daemon-reload", User)).EnsureSuccess("repairing the unit");
        (await host.SshAsync($"umount {Share} && rm /tmp/quay-stopped /tmp/disk-full")).EnsureSuccess("freeing the disk");
        Assert.Equal(quayFiles, await QuayFilesAsync(host, root));
        var rolledBack = clock.Elapsed;

        var takeover = await MigrateAsync();
        output.WriteLine(takeover.All);
        takeover.EnsureSuccess("migrate");
        Assert.Contains("(blobs hard-linked)", takeover.StandardOutput);
        Assert.Contains("and 2 tags: clean", takeover.StandardOutput);
        Assert.Equal("inactive disabled\ninactive disabled\ninactive disabled", await mirrorRegistry.StatesAsync(host));
        Assert.Equal(User, (await host.SshAsync("ps -o user= -C appliance-registry")).StandardOutput.Trim());
        using (var alice = await InstalledRegistry.ConnectAsync(host, mirrorRegistry.CaPem, "alice", AlicePassword))
        {
            await alice.AssertServesAsync("ocp4/release", "4.18.1", ReleaseImage.Digest);
            await alice.AssertServesAsync("alice/tools", "v1", Tool.Digest);
        }
        using (var puller = await InstalledRegistry.ConnectAsync(host, mirrorRegistry.CaPem, robot, RobotToken))
        {
            await puller.AssertServesAsync("ocp4/release", "4.18.1", ReleaseImage.Digest);
            Assert.Equal(ReleaseImage.Digest, await puller.PullThroughMirrorAsync("quay.io/openshift-release-dev/ocp-release", "ocp4/release", ReleaseImage.Digest));
        }
        var served = clock.Elapsed;

        (await MigrateAsync("--cleanup --autoApprove")).EnsureSuccess("migrate --cleanup");
        Assert.Equal("", (await host.SshAsync($"ls {UnitDirectory}/quay-* 2>/dev/null; true")).StandardOutput.Trim());
        Assert.Equal("active", (await host.SshAsync($"{FakeMirrorRegistry.UserSystemctl} is-active appliance-registry", User)).StandardOutput.Trim());
        output.WriteLine($"host and rootless Quay ready {ready.TotalSeconds:0} s, dry run and rolled-back full disk {(rolledBack - ready).TotalSeconds:0} s, "
            + $"takeover and pulls {(served - rolledBack).TotalSeconds:0} s, cleanup {(clock.Elapsed - served).TotalSeconds:0} s; {clock.Elapsed.TotalSeconds:0} s in all");
    }

    /// <summary>Every file of Quay's (config, CA, database, blobs) and its units, with its checksum.</summary>
    private static async Task<string> QuayFilesAsync(TestHost host, string root) =>
        (await host.SshAsync($"find {root} -type f -exec sha256sum {{}} + | sort; sha256sum {UnitDirectory}/quay-*.service"))
            .EnsureSuccess("checksums of Quay's files").StandardOutput;
}
