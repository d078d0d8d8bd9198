using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Registry.Hosting;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Maintenance.Tests;

/// <summary>
/// <c>migrate</c> from the default engines (filesystem + SQLite) to S3 + PostgreSQL and back, on a real Ceph RGW and PostgreSQL, with
/// the real executable: content, users, robot accounts, groups and grants arrive intact, a run killed mid-copy resumes, a bad
/// target changes nothing.
/// </summary>
public sealed class MigrationTests
{
    private const string ExtraUser = "cluster";
    private const string ExtraPassword = "cluster-password-for-tests";
    private const string Robot = "team+puller";
    private const string Member = "reader";
    private const string MemberPassword = "reader-password-for-tests";

    /// <summary>Whatever APPLIANCE_TEST_BACKEND selects, the source is the single-host default.</summary>
    private static readonly string[] DefaultEngines = ["--storage:driver", "filesystem", "--metadata:driver", "sqlite"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_registry_moved_to_s3_and_postgres_serves_the_same_content_to_the_same_users()
    {
        using var source = new TestDirectory();
        var index = TestImages.Index([TestImages.Image(2, 4096, 71, architecture: "amd64"), TestImages.Image(2, 4096, 72, architecture: "arm64")]);
        var single = TestImages.Image(1, 8192, 73);
        var signature = TestImages.Artifact("application/vnd.example.signature", index.Images[0].Manifest, "signed");
        string[] robotSecrets;
        await using (var registry = await RegistryServer.StartOnAsync(source.Path, DefaultEngines))
        {
            using var client = registry.CreateRegistryClient();
            await client.PushIndexAsync("team/app", "1.0", index);
            await client.PushImageAsync("tools/single", "latest", single);
            await client.PushImageAsync("team/app", signature.Digest, signature);
            await registry.Services.GetRequiredService<UserService>().AddAsync(ExtraUser, Role.Pull, ExtraPassword, Cancel);
            robotSecrets = await AddNamespaceAccessAsync(registry.Services);
        }
        var target = await MigrationTarget.CreateAsync(source, Cancel);

        var migration = await MigrateAsync(source.Path, target);
        Assert.True(migration.ExitCode == 0, migration.All);
        Assert.Contains("clean", migration.StandardOutput);
        AssertCounted(migration, "robot accounts", 1, 0);
        AssertCounted(migration, "groups", 1, 0);
        AssertCounted(migration, "grants", 2, 0);
        Assert.DoesNotContain((await CephRgw.SharedAsync()).SecretKey, migration.All);
        Assert.DoesNotContain((await File.ReadAllTextAsync((await PostgresServer.SharedAsync()).PasswordFile, Cancel)).Trim(), migration.All);

        await using var migrated = await RegistryServer.StartAsync("--config", target.ConfigFile, "--auth:enabled", "true");
        using var http = migrated.CreateClient();
        http.DefaultRequestHeaders.Authorization = Basic(ExtraUser, ExtraPassword);
        await AssertServesAsync(http, "team/app", "1.0", index.Manifest, []);
        foreach (var child in index.Images) await AssertServesAsync(http, "team/app", child.Digest, child.Manifest, child.Blobs);
        await AssertServesAsync(http, "tools/single", "latest", single.Manifest, single.Blobs);
        await AssertServesAsync(http, "team/app", signature.Digest, signature.Manifest, signature.Blobs);
        var referrers = await http.GetStringAsync($"/v2/team/app/referrers/{index.Images[0].Digest}", Cancel);
        Assert.Contains(signature.Digest, referrers);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/v2/");
        wrong.Headers.Authorization = Basic(ExtraUser, "wrong-password");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong, Cancel)).StatusCode);
        var pushes = await migrated.Services.GetRequiredService<IAuditLog>().ListAsync(new AuditQuery(Action: AuditActions.ManifestPush), Cancel);
        Assert.Contains(pushes, e => e.Repository == "tools/single");

        foreach (var secret in robotSecrets) Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "team/app", "1.0", index.Manifest, Basic(Robot, secret)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, "tools/single", "latest", single.Manifest, Basic(Robot, robotSecrets[0])));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "tools/single", "latest", single.Manifest, Basic(Member, MemberPassword)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(http, "team/app", "1.0", index.Manifest, Basic(Member, MemberPassword)));
    }

    [Fact]
    public async Task A_registry_on_s3_and_postgres_moves_to_the_filesystem_and_sqlite_too()
    {
        using var source = new TestDirectory();
        using var target = new TestDirectory();
        var engines = await TestBackend.EngineArgumentsAsync("s3+postgres", source.Path, Cancel);
        var index = TestImages.Index([TestImages.Image(1, 2048, 76, architecture: "amd64"), TestImages.Image(1, 2048, 77, architecture: "arm64")]);
        await using (var registry = await RegistryServer.StartOnAsync(source.Path, engines))
        {
            using var client = registry.CreateRegistryClient();
            await client.PushIndexAsync("team/app", "2.0", index);
            await registry.Services.GetRequiredService<UserService>().AddAsync(ExtraUser, Role.Pull, ExtraPassword, Cancel);
        }
        var config = target.Combine("target.yaml");
        await File.WriteAllTextAsync(config, $"storage:\n  dataDirectory: {target.Path}\n", Cancel);

        var migration = await MigrateAsync(source.Path, config, engines);
        Assert.True(migration.ExitCode == 0, migration.All);
        Assert.Contains("clean", migration.StandardOutput);

        await using var migrated = await RegistryServer.StartOnAsync(target.Path, [.. DefaultEngines, "--auth:enabled", "true"]);
        using var http = migrated.CreateClient();
        http.DefaultRequestHeaders.Authorization = Basic(ExtraUser, ExtraPassword);
        await AssertServesAsync(http, "team/app", "2.0", index.Manifest, []);
        foreach (var child in index.Images) await AssertServesAsync(http, "team/app", child.Digest, child.Manifest, child.Blobs);
    }

    [Fact]
    public async Task A_migration_killed_mid_copy_resumes_skips_what_it_copied_and_finishes_clean()
    {
        using var source = new TestDirectory();
        var large = new TestBlob(RandomNumberGenerator.GetBytes(192 * 1024 * 1024), "application/octet-stream");
        var image = TestImages.Image(6, 64 * 1024, 74);
        await using (var registry = await RegistryServer.StartOnAsync(source.Path, DefaultEngines))
        {
            using var client = registry.CreateRegistryClient();
            await client.PushImageAsync("team/app", "1.0", image);
            await client.PushBlobAsync("team/large", large);
            await AddNamespaceAccessAsync(registry.Services);
        }
        var target = await MigrationTarget.CreateAsync(source, Cancel);

        await KillMidCopyAsync(source.Path, target, image.Blobs.Count() + 1);
        var resumed = await MigrateAsync(source.Path, target);
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Contains("clean", resumed.StandardOutput);
        var blobs = resumed.StandardError.Split('\n').Single(l => l.TrimStart().StartsWith("blobs ", StringComparison.Ordinal));
        var skipped = long.Parse(blobs.Split('(', ')')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(skipped > 0, $"nothing was skipped on the second run:\n{resumed.StandardError}");
        AssertCounted(resumed, "users", 0, 1);
        AssertCounted(resumed, "robot accounts", 0, 1);
        AssertCounted(resumed, "groups", 0, 1);
        AssertCounted(resumed, "grants", 0, 2);
        using (var s3 = (await CephRgw.SharedAsync()).CreateClient()) Assert.Empty(await target.ObjectsAsync(s3, "uploads/", Cancel));

        await using var migrated = await RegistryServer.StartAsync("--config", target.ConfigFile);
        using var http = migrated.CreateClient();
        await AssertServesAsync(http, "team/app", "1.0", image.Manifest, image.Blobs);
        Assert.Equal(large.Digest, await DigestOfBlobAsync(http, "team/large", large.Digest));
    }

    [Fact]
    public async Task An_unreachable_target_is_refused_with_one_line_and_left_unchanged()
    {
        using var source = new TestDirectory();
        await using (var registry = await RegistryServer.StartOnAsync(source.Path, DefaultEngines))
        {
            using var client = registry.CreateRegistryClient();
            await client.PushImageAsync("team/app", "1.0", TestImages.Image(1, 1024, 75));
        }
        var closed = $"127.0.0.1:{ServerProcess.FreePort()}";

        var noStore = await MigrationTarget.CreateAsync(source, Cancel, s3Endpoint: $"http://{closed}");
        var refused = await MigrateAsync(source.Path, noStore);
        Assert.StartsWith($"migrate: target {noStore.ConfigFile}: storage.s3.endpoint: http://{closed} is unreachable", OneLine(refused));
        Assert.Equal(0, await noStore.TableCountAsync(Cancel));

        var noDatabase = await MigrationTarget.CreateAsync(source, Cancel,
            connectionString: $"Host=127.0.0.1;Port={closed.Split(':')[1]};Username={PostgresServer.User};Database=registry");
        refused = await MigrateAsync(source.Path, noDatabase);
        Assert.StartsWith($"migrate: target {noDatabase.ConfigFile}: metadata.connectionString: could not connect to {closed}", OneLine(refused));
        using var s3 = (await CephRgw.SharedAsync()).CreateClient();
        Assert.Empty(await noDatabase.ObjectsAsync(s3, "", Cancel));
    }

    [Fact]
    public async Task A_running_source_registry_is_refused()
    {
        using var source = new TestDirectory();
        await using var running = await RegistryProcess.StartAsync(source.Path, DefaultEngines);
        var target = await MigrationTarget.CreateAsync(source, Cancel);
        var refused = await MigrateAsync(source.Path, target);
        Assert.Contains("is running", OneLine(refused));
        Assert.Equal(0, await target.TableCountAsync(Cancel));
    }

    /// <summary>
    /// A robot that may pull <c>team/...</c> (its secret rotated with a grace period, so both secrets work) and a user with no
    /// global role who may pull <c>tools/...</c> through a local group; returns the robot's current and previous secret.
    /// </summary>
    private static async Task<string[]> AddNamespaceAccessAsync(IServiceProvider services)
    {
        var robots = services.GetRequiredService<RobotService>();
        var (_, previous) = await robots.AddAsync("team", "puller", "the cluster", null, null, Cancel);
        var current = await robots.RotateAsync(Robot, TimeSpan.FromHours(1), Cancel);
        var grants = services.GetRequiredService<GrantService>();
        await grants.SetAsync(new Grant(PrincipalKind.Robot, Robot, "team", NamespacePermission.Pull), Cancel);
        await services.GetRequiredService<UserService>().AddAsync(Member, Role.None, MemberPassword, Cancel);
        var groups = services.GetRequiredService<GroupService>();
        await groups.AddAsync("readers", Cancel);
        await groups.AddMemberAsync("readers", Member, Cancel);
        await grants.SetAsync(new Grant(PrincipalKind.Group, "readers", "tools", NamespacePermission.Pull), Cancel);
        return [current, previous];
    }

    /// <summary>The summary line of <paramref name="items"/>: copied (skipped).</summary>
    private static void AssertCounted(ProcessResult migration, string items, int copied, int skipped) =>
        Assert.True(Regex.IsMatch(migration.StandardError, $@"{items}\s+{copied} \({skipped}\)"), $"{items}: not {copied} ({skipped}):\n{migration.StandardError}");

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string repository, string reference, TestBlob manifest,
        AuthenticationHeaderValue credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/manifests/{reference}");
        request.Headers.Accept.ParseAdd(manifest.MediaType);
        request.Headers.Authorization = credentials;
        using var response = await http.SendAsync(request, Cancel);
        return response.StatusCode;
    }

    private static Task<ProcessResult> MigrateAsync(string source, MigrationTarget target) => MigrateAsync(source, target.ConfigFile, DefaultEngines);

    private static Task<ProcessResult> MigrateAsync(string source, string targetConfig, string[] sourceEngines) =>
        ProcessRunner.RunAsync("dotnet", [typeof(RegistryHost).Assembly.Location, "migrate", "--to-config", targetConfig, "--data", source,
            .. sourceEngines], TimeSpan.FromMinutes(5));

    /// <summary>
    /// Starts the real executable and SIGKILLs it once the target database records some of the <paramref name="blobs"/> and not
    /// all: mid-copy, as when the host goes down. (Listing the bucket to tell is too slow while the gateway is busy copying.)
    /// </summary>
    private static async Task KillMidCopyAsync(string source, MigrationTarget target, int blobs)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])[typeof(RegistryHost).Assembly.Location, "migrate", "--to-config", target.ConfigFile, "--data", source, .. DefaultEngines])
        {
            start.ArgumentList.Add(argument);
        }
        using var migration = Process.Start(start)!;
        _ = migration.StandardOutput.ReadToEndAsync(Cancel);
        var output = migration.StandardError.ReadToEndAsync(Cancel);
        // Killed once the target has recorded some blobs but not all: the small layers are published long before the 192 MiB
        // one, whatever the machine's speed (a progress line, printed every 5 s, may never come on a fast one).
        var midCopy = await Poll.ForAsync("the migration has copied some blobs but not all, or it ended",
            async () => migration.HasExited ? (long?)null : await target.BlobCountAsync(Cancel), recorded => recorded is null || recorded > 0 && recorded < blobs,
            within: TimeSpan.FromMinutes(5), every: TimeSpan.FromMilliseconds(20), Cancel);
        Assert.True(midCopy is not null, $"the migration ended before it could be killed mid-copy:\n{await output}");
        migration.Kill();
        await migration.WaitForExitAsync(Cancel);
    }

    private static async Task AssertServesAsync(HttpClient http, string repository, string reference, TestBlob manifest, IEnumerable<TestBlob> blobs)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/manifests/{reference}");
        request.Headers.Accept.ParseAdd(manifest.MediaType);
        using var response = await http.SendAsync(request, Cancel);
        Assert.True(response.IsSuccessStatusCode, $"{repository}:{reference}: {(int)response.StatusCode}");
        Assert.Equal(manifest.Content, await response.Content.ReadAsByteArrayAsync(Cancel));
        foreach (var blob in blobs.DistinctBy(b => b.Digest)) Assert.Equal(blob.Digest, await DigestOfBlobAsync(http, repository, blob.Digest));
    }

    private static async Task<string> DigestOfBlobAsync(HttpClient http, string repository, string digest)
    {
        await using var stream = await http.GetStreamAsync($"/v2/{repository}/blobs/{digest}", Cancel);
        return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, Cancel));
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>The error output, which must be exactly one line, of a run that changed nothing (exit code 2).</summary>
    private static string OneLine(ProcessResult result)
    {
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:\n{result.All}");
        var lines = result.StandardError.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, $"expected one line:\n{result.StandardError}");
        return lines[0];
    }
}
