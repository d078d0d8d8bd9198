using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Import.Quay;
using Appliance.Maintenance.Tests.Import;

namespace Appliance.Maintenance.Tests.MirrorRegistry;

/// <summary><c>import mirror-registry --dry-run</c>: the plan, and that it changes nothing; what Quay's identities map onto.</summary>
public sealed class MirrorRegistryPlanTests
{
    [Fact]
    public async Task The_dry_run_reports_what_it_found_and_changes_neither_the_data_directory_nor_the_sqlite_file()
    {
        using var site = new QuaySite();
        using var target = await ImportTarget.CreateAsync();
        var sqliteBefore = SHA256.HashData(await File.ReadAllBytesAsync(site.Quay.SqliteFile, TestContext.Current.CancellationToken));
        var sqliteFiles = Directory.GetFiles(Path.GetDirectoryName(site.Quay.SqliteFile)!);

        // The registry's own settings pass as with every import (--storage:driver is not taken for --quay-storage).
        var run = await target.ImportAsync(site.Arguments("--dry-run", "--json", "--link", "--verify-sample", "100", "--storage:driver", "filesystem"));

        Assert.True(run.ExitCode == 0, run.All);
        using var plan = JsonDocument.Parse(run.StandardOutput);
        var root = plan.RootElement;
        Assert.Equal(QuaySchemaVersions.MirrorRegistry2, root.GetProperty("schemaVersion").GetString());
        Assert.True(root.GetProperty("supported").GetBoolean());
        Assert.Equal("quay.example.test:8443", root.GetProperty("serverHostname").GetString());
        Assert.Equal(2, root.GetProperty("users").GetInt32());
        Assert.Equal(1, root.GetProperty("robots").GetInt32());
        Assert.Equal(2, root.GetProperty("organizations").GetInt32());
        Assert.Equal(3, root.GetProperty("repositories").GetInt32());
        Assert.Equal(3, root.GetProperty("tags").GetInt32()); // not the deleted one, not the hidden one
        Assert.Equal(5, root.GetProperty("manifests").GetInt32()); // the index, its two children, two images
        var blobs = QuaySite.Release.Images.Concat([QuaySite.Tool, QuaySite.Base]).SelectMany(i => i.Blobs).DistinctBy(b => b.Digest).ToList();
        Assert.Equal(blobs.Count, root.GetProperty("blobs").GetInt32());
        Assert.Equal(blobs.Sum(b => b.Content.LongLength), root.GetProperty("bytes").GetInt64());
        Assert.Equal(0, root.GetProperty("bytesToCopy").GetInt64()); // hard links, both in the same temporary directory
        Assert.Empty(root.GetProperty("undecryptableRobots").EnumerateArray());
        Assert.Empty(root.GetProperty("missingBlobs").EnumerateArray());
        var notMoved = root.GetProperty("notMoved").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(notMoved, line => line.StartsWith("1 repository notifications", StringComparison.Ordinal));
        Assert.Contains(notMoved, line => line.StartsWith("1 repository mirroring configurations", StringComparison.Ordinal));
        Assert.Contains(notMoved, line => line.StartsWith("1 deleted or moved tags", StringComparison.Ordinal));

        Assert.Empty(Directory.EnumerateFileSystemEntries(target.DataDirectory));
        Assert.Equal(sqliteBefore, SHA256.HashData(await File.ReadAllBytesAsync(site.Quay.SqliteFile, TestContext.Current.CancellationToken)));
        Assert.Equal(sqliteFiles, Directory.GetFiles(Path.GetDirectoryName(site.Quay.SqliteFile)!));
    }

    [Fact]
    public async Task An_unknown_schema_version_is_refused_with_its_version_named_before_anything_is_written()
    {
        using var site = new QuaySite(schemaVersion: "9fa37f66a9b6");
        using var target = await ImportTarget.CreateAsync();

        var dryRun = await target.ImportAsync(site.Arguments("--dry-run"));
        var import = await target.ImportAsync(site.Arguments("--json"));

        Assert.True(dryRun.ExitCode == 1, dryRun.All);
        Assert.Contains("9fa37f66a9b6", dryRun.All, StringComparison.Ordinal);
        Assert.True(import.ExitCode == 1, import.All);
        using var plan = JsonDocument.Parse(import.StandardOutput);
        Assert.False(plan.RootElement.GetProperty("supported").GetBoolean());
        Assert.Equal("9fa37f66a9b6", plan.RootElement.GetProperty("schemaVersion").GetString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(target.DataDirectory));
    }

    [Fact]
    public async Task A_blob_damaged_in_place_shows_in_the_plan_when_sampled_and_its_image_does_not_move()
    {
        using var site = new QuaySite();
        var layer = QuaySite.Base.Layers[0];
        var file = site.Quay.BlobFile(layer.Digest);
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);
        using var target = await ImportTarget.CreateAsync();

        var unsampled = await target.ImportAsync(site.Arguments("--dry-run", "--json"));
        var sampled = await target.ImportAsync(site.Arguments("--dry-run", "--json", "--verify-sample", "100"));
        var import = await target.ImportAsync(site.Arguments());

        using (var plan = JsonDocument.Parse(unsampled.StandardOutput)) Assert.Empty(plan.RootElement.GetProperty("missingBlobs").EnumerateArray());
        using (var plan = JsonDocument.Parse(sampled.StandardOutput))
        {
            var damaged = Assert.Single(plan.RootElement.GetProperty("missingBlobs").EnumerateArray());
            Assert.Equal(layer.Digest, damaged.GetProperty("digest").GetString());
            Assert.Contains("damaged", damaged.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(["public/base:9"], damaged.GetProperty("images").EnumerateArray().Select(i => i.GetString()));
        }
        Assert.True(import.ExitCode == 1, import.All);
        Assert.Contains(layer.Digest, import.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"public/base@{QuaySite.Base.Digest}", import.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>The fixture's certificates, which the installer's takeover carries over: ssl.cert/ssl.key for SERVER_HOSTNAME, issued by quay-rootCA.</summary>
    [Fact]
    public void The_installation_serves_a_certificate_for_its_host_name_issued_by_its_root_CA()
    {
        using var site = new QuaySite();
        var caPem = site.Quay.WriteCertificates();

        using var server = X509Certificate2.CreateFromPemFile(Path.Combine(site.Quay.ConfigDirectory, "ssl.cert"), Path.Combine(site.Quay.ConfigDirectory, "ssl.key"));
        using var authority = X509Certificate2.CreateFromPemFile(Path.Combine(site.Quay.RootCaDirectory, "rootCA.pem"), Path.Combine(site.Quay.RootCaDirectory, "rootCA.key"));
        Assert.True(server.HasPrivateKey && authority.HasPrivateKey);
        Assert.True(server.MatchesHostname("quay.example.test"));
        Assert.Equal(caPem.Trim(), authority.ExportCertificatePem().Trim());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(server), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public async Task Quay_identities_map_onto_roles_and_namespace_grants()
    {
        using var site = new QuaySite();
        site.Quay.AddRepository("alice/shared", isPublic: true);
        var cancel = TestContext.Current.CancellationToken;
        await using var installation = await MirrorRegistryInstallation.OpenAsync(site.Quay.ConfigDirectory, site.Quay.SqliteFile, site.Quay.StorageDirectory,
            TimeProvider.System, cancel);
        var identities = installation.Identities!;

        Assert.Equal([("admin", Role.Admin), ("alice", Role.Pull)], identities.Users.Select(u => (u.Name, u.Role)));
        Assert.All(identities.Users, u => Assert.StartsWith(PlainBcryptHash.Prefix + "$2b$", u.PasswordHash, StringComparison.Ordinal));
        Assert.Equal([new QuayImportedRobot(site.Robot, QuaySite.RobotToken)], identities.Robots);
        Assert.Equal(
            [
                new Grant(PrincipalKind.User, "admin", "admin", NamespacePermission.Admin),
                new Grant(PrincipalKind.User, "alice", "alice", NamespacePermission.Admin),
                new Grant(PrincipalKind.User, "admin", "ocp4", NamespacePermission.Admin),
                new Grant(PrincipalKind.User, "alice", "ocp4", NamespacePermission.Push),
                new Grant(PrincipalKind.Robot, "ocp4+puller", "ocp4", NamespacePermission.Pull),
                new Grant(PrincipalKind.User, "admin", "public", NamespacePermission.Admin),
                new Grant(PrincipalKind.Anonymous, "", "public", NamespacePermission.Pull),
            ],
            identities.Grants);
        Assert.Contains(identities.NotMoved, line => line.Contains("alice/shared", StringComparison.Ordinal) && line.Contains("namespace alice", StringComparison.Ordinal));
    }
}
