using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Appliance.Core.Identity;
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
    /// Robots keep their token (stored as its SHA-256, as the registry's own robots) and users and robots their grants, where
    /// this registry keeps robots and grants; where it does not yet, the import says so and creates none.
    /// </summary>
    [Fact]
    public async Task Robots_keep_their_token_and_permissions_become_grants_where_the_registry_keeps_them()
    {
        using var site = new QuaySite();
        using var target = await ImportTarget.CreateAsync();
        var cancel = TestContext.Current.CancellationToken;

        var import = await target.ImportAsync(site.Arguments());
        Assert.True(import.ExitCode == 0, import.All);

        await using var registry = await OfflineRegistry.OpenAsync(["--data", target.DataDirectory, .. target.EngineArguments], cancel);
        var robots = registry.Services.GetService<IRobotStore>();
        var grants = registry.Services.GetService<IGrantStore>();
        if (robots is null) Assert.Contains("robot accounts ocp4+puller: this registry keeps no robot accounts yet", import.StandardError, StringComparison.Ordinal);
        else
        {
            var robot = await robots.FindAsync(site.Robot, cancel);
            Assert.NotNull(robot);
            Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(QuaySite.RobotToken))), robot.SecretHash);
        }
        if (grants is null) Assert.Contains("namespace grants: this registry keeps none yet", import.StandardError, StringComparison.Ordinal);
        else
        {
            var stored = await grants.ListAsync(cancel);
            Assert.Contains(new Grant(PrincipalKind.User, "alice", "ocp4", NamespacePermission.Push), stored);
            Assert.Contains(new Grant(PrincipalKind.Robot, site.Robot, "ocp4", NamespacePermission.Pull), stored);
            Assert.Contains(new Grant(PrincipalKind.Anonymous, "", "public", NamespacePermission.Pull), stored);
        }
    }
}
