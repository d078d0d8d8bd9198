using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Appliance.Core.Identity;
using Appliance.Core.Names;
using Appliance.Core.Storage;
using Appliance.Maintenance.Tests.Import;
using Appliance.Registry.Cli;
using Microsoft.Extensions.DependencyInjection;
using Appliance.Testing;
using static Appliance.Maintenance.Tests.Import.ImportedRegistry;

namespace Appliance.Maintenance.Tests.MirrorRegistry;

/// <summary><c>import mirror-registry</c>: Quay's content, users and robots in a registry that serves them as Quay did.</summary>
public sealed class MirrorRegistryImportTests
{
    private static readonly string[] Authentication = ["--auth:enabled", "true", "--auth:bcryptCost", "11"];

    [Fact]
    public async Task The_takeover_serves_every_tag_by_digest_and_by_name_to_the_old_users_and_a_rerun_changes_nothing()
    {
        using var site = new QuaySite();
        using var target = await ImportTarget.CreateAsync();

        var import = await target.ImportAsync(site.Arguments("--link", "--json"));
        Assert.True(import.ExitCode == 0, import.All);
        using (var first = JsonDocument.Parse(import.StandardOutput))
        {
            // Quay's blob files are hard-linked (the manifests come from its database, so they are written).
            var files = QuaySite.Release.Images.Concat([QuaySite.Tool, QuaySite.Base]).SelectMany(i => i.Blobs).DistinctBy(b => b.Digest).Count();
            var imported = first.RootElement.GetProperty("import");
            Assert.Equal(files + 5, imported.GetProperty("blobsNew").GetInt64());
            if (!TestBackend.UsesS3) Assert.Equal(files, imported.GetProperty("blobsLinked").GetInt64());
            Assert.Equal(2, imported.GetProperty("usersCreated").GetInt64());
        }
        await AssertKeepsQuaysTimesAsync(site, target);

        await using (var registry = await target.StartAsync(Authentication))
        {
            await AssertServesAsync(registry, QuaySite.Expected, $"alice:{QuaySite.AlicePassword}");
            await AssertServesAsync(registry, QuaySite.Expected.Take(1), $"admin:{QuaySite.AdminPassword}");
            using var http = registry.CreateClient();
            http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:not-her-password")));
            using var refused = await http.GetAsync($"/v2/alice/tools/manifests/{QuaySite.Tool.Digest}", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        await target.AssertVerifiesCleanAsync();

        var rerun = await target.ImportAsync(site.Arguments("--link", "--json"));
        Assert.True(rerun.ExitCode == 0, rerun.All);
        using var report = JsonDocument.Parse(rerun.StandardOutput);
        var done = report.RootElement.GetProperty("import");
        foreach (var count in new[] { "imagesImported", "tagsSet", "blobsNew", "usersCreated", "usersUpdated", "robotsCreated", "grantsSet" })
        {
            Assert.True(done.GetProperty(count).GetInt64() == 0, $"{count} on the rerun: {done}");
        }
        Assert.Equal(5, done.GetProperty("imagesPresent").GetInt64());
    }

    /// <summary>
    /// Manifests keep Quay's push times and tags the times they were set there (not the import's): an index's children,
    /// which Quay tagged only while they were pushed, the index's.
    /// </summary>
    private static async Task AssertKeepsQuaysTimesAsync(QuaySite site, ImportTarget target)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var offline = await OfflineRegistry.OpenAsync(["--data", target.DataDirectory, .. target.EngineArguments], cancel);
        var manifests = offline.Services.GetRequiredService<IManifestIndex>();
        foreach (var (repository, tag) in new[] { ("ocp4/release", "4.18.1"), ("alice/tools", "v1"), ("public/base", "9") })
        {
            var setAt = site.Quay.TagSetAt(repository, tag);
            var records = await manifests.ListRecordsAsync(RepositoryName.Parse(repository), cancel).ToListAsync(cancel);
            Assert.All(records, r => Assert.Equal(setAt, r.PushedAt));
            Assert.Equal([new TagRecord(tag, setAt)], records.SelectMany(r => r.Tags));
        }
    }

    /// <summary>
    /// The plan lists Quay's live tags with their digests; <c>verify --tags</c> (what the installer's takeover runs against
    /// the started registry) passes on the import and names a tag that moved or went missing after it.
    /// </summary>
    [Fact]
    public async Task Verify_checks_every_live_tag_of_the_plan_and_names_one_that_resolves_otherwise()
    {
        using var site = new QuaySite();
        using var target = await ImportTarget.CreateAsync();
        using var tags = new TestDirectory("live-tags");
        var cancel = TestContext.Current.CancellationToken;

        var import = await target.ImportAsync(site.Arguments("--json"));
        Assert.True(import.ExitCode == 0, import.All);
        using (var document = JsonDocument.Parse(import.StandardOutput))
        {
            var live = document.RootElement.GetProperty("liveTags").EnumerateArray().Select(t => t.GetString()!).ToList();
            Assert.Equal(QuaySite.Expected.SelectMany(i => i.Tags.Select(t => $"{i.Repository}:{t}@{i.Digest}")).Order(StringComparer.Ordinal), live);
            await File.WriteAllLinesAsync(Path.Combine(tags.Path, "tags"), live, cancel);
        }
        var clean = await target.RunAsync("verify", "--tags", Path.Combine(tags.Path, "tags"));
        Assert.True(clean.ExitCode == 0, clean.All);
        Assert.Contains("and 3 tags: clean", clean.StandardOutput, StringComparison.Ordinal);

        await using (var offline = await OfflineRegistry.OpenAsync(["--data", target.DataDirectory, .. target.EngineArguments], cancel))
        {
            // The release tag moved to one of its index's children, alice's tag is gone.
            var manifests = offline.Services.GetRequiredService<IManifestIndex>();
            var release = RepositoryName.Parse("ocp4/release");
            var child = (await manifests.FindByDigestAsync(release, Appliance.Core.Content.Digest.Parse(QuaySite.Release.Images[0].Digest), cancel))!;
            var parsed = offline.Services.GetRequiredService<Appliance.Core.Manifests.ManifestParser>().Parse(child.Content, child.MediaType);
            await manifests.ImportAsync(release, new ManifestRecord(child, DateTimeOffset.UnixEpoch, false, [new TagRecord("4.18.1", DateTimeOffset.UnixEpoch)]), parsed, cancel);
            Assert.True(await manifests.DeleteTagAsync(RepositoryName.Parse("alice/tools"), "v1", cancel));
        }
        var wrong = await target.RunAsync("verify", "--tags", Path.Combine(tags.Path, "tags"));

        Assert.True(wrong.ExitCode == 1, wrong.All);
        Assert.Contains($"tag: ocp4/release:4.18.1 is {QuaySite.Release.Images[0].Digest} here, it was {QuaySite.Release.Digest}", wrong.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"tag: alice/tools:v1 is missing here (it was {QuaySite.Tool.Digest})", wrong.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("and 3 tags: problems found", wrong.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_robot_whose_token_does_not_decrypt_is_named_and_everything_else_moves()
    {
        using var site = new QuaySite();
        var stranger = site.Quay.AddRobot("ocp4", "stranger", "token-under-another-key", encryptionKey: "a key this installation never had");
        using var target = await ImportTarget.CreateAsync();

        var plan = await target.ImportAsync(site.Arguments("--dry-run", "--json"));
        using (var document = JsonDocument.Parse(plan.StandardOutput))
        {
            Assert.Equal([stranger], document.RootElement.GetProperty("undecryptableRobots").EnumerateArray().Select(e => e.GetString()));
        }
        var import = await target.ImportAsync(site.Arguments());

        Assert.True(import.ExitCode == 1, import.All);
        var problem = Assert.Single(import.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(stranger, problem, StringComparison.Ordinal);
        await using var registry = await target.StartAsync(Authentication);
        await AssertServesAsync(registry, QuaySite.Expected, $"alice:{QuaySite.AlicePassword}");
    }

    [Fact]
    public async Task A_missing_blob_is_named_with_its_image_in_the_plan_and_the_import_and_the_other_images_move()
    {
        using var site = new QuaySite();
        var layer = QuaySite.Tool.Layers[0].Digest;
        File.Delete(site.Quay.BlobFile(layer));
        using var target = await ImportTarget.CreateAsync();

        var plan = await target.ImportAsync(site.Arguments("--dry-run", "--json"));
        Assert.True(plan.ExitCode == 0, plan.All);
        using (var document = JsonDocument.Parse(plan.StandardOutput))
        {
            var missing = Assert.Single(document.RootElement.GetProperty("missingBlobs").EnumerateArray());
            Assert.Equal(layer, missing.GetProperty("digest").GetString());
            Assert.Equal(["alice/tools:v1"], missing.GetProperty("images").EnumerateArray().Select(i => i.GetString()));
            // Quay cannot serve that tag either: the takeover's check does not expect it.
            Assert.DoesNotContain(document.RootElement.GetProperty("liveTags").EnumerateArray(), t => t.GetString()!.StartsWith("alice/tools:", StringComparison.Ordinal));
        }
        var import = await target.ImportAsync(site.Arguments());

        Assert.True(import.ExitCode == 1, import.All);
        Assert.Contains(import.StandardOutput.Split('\n'), line => line.Contains(layer, StringComparison.Ordinal) && line.Contains("alice/tools:v1", StringComparison.Ordinal));
        await using var registry = await target.StartAsync(Authentication);
        await AssertServesAsync(registry, QuaySite.Expected.Where(i => i.Repository != "alice/tools"), $"alice:{QuaySite.AlicePassword}");
        using var http = registry.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"alice:{QuaySite.AlicePassword}")));
        Assert.Null(await ManifestDigestAsync(http, "alice/tools", "v1"));
    }

    /// <summary>
    /// Robots keep their token (stored as its SHA-256, as the registry's own robots), so the pull secrets clusters hold keep
    /// working: the robot pulls what Quay let it read and nothing else; Quay's permissions become namespace grants, and the
    /// all-public namespace stays pullable without credentials.
    /// </summary>
    [Fact]
    public async Task Robots_keep_their_token_and_permissions_become_grants()
    {
        using var site = new QuaySite();
        using var target = await ImportTarget.CreateAsync();
        var cancel = TestContext.Current.CancellationToken;

        var import = await target.ImportAsync(site.Arguments());
        Assert.True(import.ExitCode == 0, import.All);

        await using (var offline = await OfflineRegistry.OpenAsync(["--data", target.DataDirectory, .. target.EngineArguments], cancel))
        {
            var robot = await offline.Services.GetRequiredService<IRobotStore>().FindAsync(site.Robot, cancel);
            Assert.Equal(RobotService.HashSecret(QuaySite.RobotToken), robot?.SecretHash);
            var stored = await offline.Services.GetRequiredService<IGrantStore>().ListAsync(cancel);
            Assert.Contains(new Grant(PrincipalKind.User, "alice", "ocp4", NamespacePermission.Push), stored);
            Assert.Contains(new Grant(PrincipalKind.Robot, site.Robot, "ocp4", NamespacePermission.Pull), stored);
            Assert.Contains(new Grant(PrincipalKind.Anonymous, "", "public", NamespacePermission.Pull), stored);
        }
        await using var registry = await target.StartAsync(Authentication);
        await AssertServesAsync(registry, QuaySite.Expected.Where(i => i.Repository == "ocp4/release"), $"{site.Robot}:{QuaySite.RobotToken}");
        await AssertServesAsync(registry, QuaySite.Expected.Where(i => i.Repository == "public/base"));
        using var http = registry.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{site.Robot}:{QuaySite.RobotToken}")));
        using var refused = await http.GetAsync("/v2/alice/tools/manifests/v1", cancel);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
