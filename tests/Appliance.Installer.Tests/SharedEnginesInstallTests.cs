namespace Appliance.Installer.Tests;

/// <summary>
/// Replicas installed with --pgConnection and --s3Config: preflight checks both engines from the target before anything
/// changes, each replica is the same command with the same files, the secrets stay out of output, logs and install.json,
/// and an upgrade of a replica (and its rollback) works on the shared database.
/// </summary>
public sealed class SharedEnginesInstallTests(Release release, ITestOutputHelper output)
{
    private const string InitPassword = "Init-Password-0f-The-Replicas";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PreflightRefusesAWrongPasswordAndAMissingBucketWithOneLineAndChangesNothing()
    {
        if (SharedEngines.Unavailable() is { } reason) Assert.Skip(reason);
        using var engines = await SharedEngines.CreateAsync(Cancel);
        await using var host = await TestHost.StartAsync();
        await engines.ShareWithAsync(host);
        var installer = new Installer(release.Installer, host, "deploy");

        var wrongPassword = await installer.RunAsync("install", "--pgConnection", engines.PgConnectionWithPassword("not-the-password"), "--s3Config", engines.S3Config);
        output.WriteLine(wrongPassword.All);
        Assert.NotEqual(0, wrongPassword.ExitCode);
        var passwordProblem = Assert.Single(ErrorLines(wrongPassword), line => line.Contains("--pgConnection", StringComparison.Ordinal));
        Assert.Contains("--pgConnection: metadata.passwordFile: ", passwordProblem);
        Assert.Contains("refused the login (password authentication failed", passwordProblem);
        Assert.DoesNotContain("not-the-password", wrongPassword.All);

        var missingBucket = await installer.RunAsync("install", "--pg-connection", engines.PgConnection, "--s3-config", engines.S3ConfigForBucket("no-such-bucket"));
        output.WriteLine(missingBucket.All);
        Assert.NotEqual(0, missingBucket.ExitCode);
        var bucketProblem = Assert.Single(ErrorLines(missingBucket), line => line.Contains("--s3Config", StringComparison.Ordinal));
        Assert.Contains("--s3Config: storage.s3.bucket: no-such-bucket does not exist at http://127.0.0.1:", bucketProblem);
        Assert.Contains("nothing was changed on the target", missingBucket.All);

        await Installer.AssertNothingInstalledAsync(host);
        Assert.Equal("", (await host.SshAsync("find /tmp /var/tmp -mindepth 1 -maxdepth 1 -user deploy")).EnsureSuccess("leftovers in /tmp").StandardOutput.Trim());
        Assert.Equal(0, await engines.CountAsync("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()", Cancel));
    }

    [Fact]
    public async Task ReplicasOnPostgresAndS3ServeKeepSecretsOutOfSightAndUpgrade()
    {
        if (SharedEngines.Unavailable() is { } reason) Assert.Skip(reason);
        using var engines = await SharedEngines.CreateAsync(Cancel);
        await using var first = await TestHost.StartAsync();
        await using var second = await TestHost.StartAsync();
        await engines.ShareWithAsync(first);
        await engines.ShareWithAsync(second);
        string[] flags = ["--pgConnection", engines.PgConnection, "--s3Config", engines.S3Config, "--initPassword", InitPassword, "--verbose"];

        var install = await new Installer(release.Installer, first, "deploy").RunAsync("install", [.. flags, "--quayHostname", $"{first.HostName}:8443"], null);
        output.WriteLine(install.All);
        install.EnsureSuccess("install of the first replica");
        Assert.Contains("metadata: PostgreSQL ", install.StandardOutput);
        Assert.Contains($"storage: bucket {engines.Bucket} at http://127.0.0.1:", install.StandardOutput);
        var replica = await new Installer(release.Installer, second, "deploy").RunAsync("install", [.. flags, "--quayHostname", $"{second.HostName}:8443"], null);
        output.WriteLine(replica.All);
        replica.EnsureSuccess("install of the second replica with the same files");
        Assert.Contains("already has its users (another replica was installed first)", replica.StandardOutput);

        foreach (var (host, result) in new[] { (first, install), (second, replica) })
        {
            var installed = (await host.SshAsync("stat -c '%a %U %n' /etc/appliance/pg-password /etc/appliance/s3-credentials; cat /etc/appliance/install.json /etc/appliance/config.yaml; "
                + "journalctl --no-pager -u appliance-registry")).EnsureSuccess("reading what was installed").StandardOutput;
            Assert.Contains("600 appliance /etc/appliance/pg-password", installed);
            Assert.Contains("600 appliance /etc/appliance/s3-credentials", installed);
            Assert.Contains($"\"bucket\": \"{engines.Bucket}\"", installed);
            foreach (var secret in new[] { engines.Password, engines.SecretKey, InitPassword })
            {
                Assert.DoesNotContain(secret, result.All);
                Assert.DoesNotContain(secret, installed);
            }
        }

        var dropEngines = await new Installer(release.Installer, first, "deploy").RunAsync("install", "--force", "--quayHostname", $"{first.HostName}:8443");
        Assert.NotEqual(0, dropEngines.ExitCode);
        Assert.Contains("its metadata is in PostgreSQL: give --pgConnection again", dropEngines.All);
        Assert.Contains("nothing was changed on the target", dropEngines.All);

        using var registry = await InstalledRegistry.ConnectAsync(first, InitPassword);
        await registry.PushAsync("mirror/shared", "v1");
        Assert.NotEmpty(await engines.BlobKeysAsync(Cancel));
        Assert.Equal(1, await engines.CountAsync("SELECT count(*) FROM repositories WHERE name = 'mirror/shared'", Cancel));
        Assert.Equal("", (await first.SshAsync("ls /var/lib/appliance/blobs /var/lib/appliance/registry.db 2>/dev/null; true")).StandardOutput.Trim());
        // The second replica serves the certificate the first generated, shared through PostgreSQL: nothing was copied between hosts.
        Assert.Equal((await first.SshAsync("cat /var/lib/appliance/tls/ca.crt")).StandardOutput, (await second.SshAsync("cat /var/lib/appliance/tls/ca.crt")).StandardOutput);
        using var secondRegistry = await InstalledRegistry.ConnectAsync(second, InitPassword);
        (await secondRegistry.PullAsync("mirror/shared", "v1")).EnsureSuccess("pull through the second replica of what the first took");

        var next = await release.VariantAsync("9.9.1", broken: false);
        var upgraded = await Run.ProgramAsync(next, ["upgrade", .. first.SshArguments("root")]);
        output.WriteLine(upgraded.All);
        upgraded.EnsureSuccess("upgrade of the first replica");
        Assert.Contains("not copied here (pg_dump it", upgraded.StandardOutput);
        Assert.Contains($"\"bucket\": \"{engines.Bucket}\"", (await first.SshAsync("cat /etc/appliance/install.json")).StandardOutput);
        (await registry.PullAsync("mirror/shared", "v1")).EnsureSuccess("pull after the upgrade");

        var broken = await Run.ProgramAsync(await release.VariantAsync("9.9.2", broken: true), ["upgrade", .. first.SshArguments("root")]);
        output.WriteLine(broken.All);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("9.9.1 is active again with its binary, config and certificates; the shared PostgreSQL schema keeps any migration 9.9.2 applied", broken.All);
        await registry.PushAsync("mirror/shared", "v2");
        (await secondRegistry.PullAsync("mirror/shared", "v2")).EnsureSuccess("pull through the second replica after the first's rollback");
    }

    [Fact]
    public async Task ARootlessReplicaKeepsTheEngineSecretsInItsOwnConfigDirectory()
    {
        if (SharedEngines.Unavailable() is { } reason) Assert.Skip(reason);
        using var engines = await SharedEngines.CreateAsync(Cancel);
        await using var host = await TestHost.StartAsync();
        await engines.ShareWithAsync(host);
        (await host.SshAsync("rm /etc/sudoers.d/deploy")).EnsureSuccess("taking sudo away from deploy");

        var install = await new Installer(release.Installer, host, "deploy").RunAsync("install",
            ["--pgConnection", engines.PgConnection, "--s3Config", engines.S3Config, "--initPassword", InitPassword, "--quayHostname", $"{host.HostName}:8443"], null);
        output.WriteLine(install.All);
        install.EnsureSuccess("rootless install on the shared engines");
        Assert.Contains("rootless user service", install.All);
        var installed = (await host.SshAsync("stat -c '%a %U %n' ~/.config/appliance/pg-password ~/.config/appliance/s3-credentials; cat ~/.config/appliance/config.yaml",
            "deploy")).EnsureSuccess("reading what was installed").StandardOutput;
        Assert.Contains("600 deploy /home/deploy/.config/appliance/pg-password", installed);
        Assert.Contains("600 deploy /home/deploy/.config/appliance/s3-credentials", installed);
        foreach (var secret in new[] { engines.Password, engines.SecretKey, InitPassword })
        {
            Assert.DoesNotContain(secret, install.All);
            Assert.DoesNotContain(secret, installed);
        }
        Assert.Equal("", (await host.SshAsync("test -e /etc/appliance && echo /etc/appliance exists; true")).StandardOutput.Trim());

        using var registry = await InstalledRegistry.ConnectAsync(host, InitPassword, "/home/deploy/.local/share/appliance");
        await registry.PushAsync("mirror/rootless-shared", "v1");
        Assert.NotEmpty(await engines.BlobKeysAsync(Cancel));
        Assert.Equal(1, await engines.CountAsync("SELECT count(*) FROM repositories WHERE name = 'mirror/rootless-shared'", Cancel));
    }

    private static List<string> ErrorLines(ProcessResult result) =>
        [.. result.StandardError.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith("note:", StringComparison.Ordinal))];
}
