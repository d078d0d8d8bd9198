using Appliance.Core.Audit;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Appliance.Maintenance.Tests.Import.ImportedRegistry;

namespace Appliance.Maintenance.Tests.Import;

/// <summary>
/// <c>import distribution</c> and <c>import oc-mirror</c> of what a real CNCF distribution 2.8 (Debian's docker-registry)
/// left on disk after skopeo and the HTTP API pushed into it, run as the real executable: every image is served by digest
/// and tag byte-identical afterwards, verify is clean, and a rerun imports nothing new.
/// </summary>
public sealed class ImportTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_distribution_storage_root_is_imported_with_every_repository_tag_and_digest_while_the_server_runs()
    {
        using var work = new TestDirectory("import-distribution");
        var root = await DistributionContent.PushFirstRoundAsync(work.Combine("distribution"));
        using var target = await ImportTarget.CreateAsync();
        await using var registry = await target.StartAsync();

        var import = await target.ImportAsync("distribution", root);
        Assert.True(import.ExitCode == 0, import.All);
        AssertSays(import, $"{DistributionContent.FirstRound.Count} images imported");

        await AssertServesAsync(registry, DistributionContent.FirstRound);
        await target.AssertVerifiesCleanAsync();
        var imports = await registry.Services.GetRequiredService<IAuditLog>().ListAsync(new AuditQuery(Action: AuditActions.ImageImport), Cancel);
        Assert.Equal(DistributionContent.FirstRound.Count, imports.Count);
        Assert.All(imports, e => Assert.Contains(root, e.Detail));

        var again = await target.ImportAsync("distribution", root);
        Assert.True(again.ExitCode == 0, again.All);
        AssertSays(again, $"0 images imported ({DistributionContent.FirstRound.Count} here already), 0 tags set, 0 blobs new");
    }

    [Fact]
    public async Task With_link_a_storage_root_on_the_same_filesystem_is_adopted_by_hard_links_not_copies()
    {
        Assert.SkipWhen(TestBackend.UsesS3, "hard links need the filesystem blob store");
        using var work = new TestDirectory("import-link");
        var root = await DistributionContent.PushFirstRoundAsync(work.Combine("distribution"));
        var blobFiles = Directory.GetFiles(Path.Combine(root, "docker", "registry", "v2", "blobs"), "data", SearchOption.AllDirectories);
        using var target = await ImportTarget.CreateAsync();

        var import = await target.ImportAsync("distribution", root, "--link");
        Assert.True(import.ExitCode == 0, import.All);
        AssertSays(import, $"{blobFiles.Length} blobs new ({blobFiles.Length} hard-linked)");
        // Each blob file now has a second name, in the registry's store.
        var links = await ProcessRunner.RunAsync("stat", ["-c", "%h", .. blobFiles]);
        Assert.All(links.EnsureSuccess("stat").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), count => Assert.Equal("2", count));
        await using (var registry = await target.StartAsync())
        {
            await AssertServesAsync(registry, DistributionContent.FirstRound);
        }
        await target.AssertVerifiesCleanAsync();
    }

    [Fact]
    public async Task Oc_mirror_archives_in_volumes_of_any_order_and_then_an_incremental_archive_import_under_a_prefix()
    {
        using var work = new TestDirectory("import-oc-mirror");
        var (first, _) = await ArchiveBothRoundsAsync(work, firstVolumes: 2);
        using var target = await ImportTarget.CreateAsync();

        // The blobs are dealt over both volumes and the links are in the first: read second-first, links come last.
        var firstImport = await target.ImportAsync("oc-mirror", first[1], first[0], "--prefix", "mirror");
        Assert.True(firstImport.ExitCode == 0, firstImport.All);
        AssertSays(firstImport, $"{DistributionContent.FirstRound.Count} images imported");

        var secondImport = await target.ImportAsync("oc-mirror", work.Combine("archive-2"), "--prefix", "mirror");
        Assert.True(secondImport.ExitCode == 0, secondImport.All);
        // Only the new image comes in, its shared layer linked from what the first archive brought, with its tag and the moved one.
        AssertSays(secondImport, $"1 images imported ({DistributionContent.FirstRound.Count} here already), 2 tags set");

        await using (var registry = await target.StartAsync())
        {
            await AssertServesAsync(registry, DistributionContent.BothRounds.Select(i => i.Under("mirror")));
        }
        await target.AssertVerifiesCleanAsync();
        // The release came in whole: every component its payload names is where oc-mirror's layout puts it.
        var check = await target.RunAsync("release", "check", $"{TestReleases.ReleaseSource}:{DistributionContent.ReleaseTag}",
            "--source", $"{TestReleases.ReleaseSource}=mirror.example.com/mirror/openshift/release-images",
            "--source", $"{TestReleases.ComponentSource}=mirror.example.com/mirror/openshift/release");
        Assert.True(check.ExitCode == 0, check.All);
        Assert.Contains($"version 4.16.3: {DistributionContent.Components.Count} components, {DistributionContent.Components.Count} present", check.StandardOutput);
        var again = await target.ImportAsync("oc-mirror", work.Combine("archive-1"), work.Combine("archive-2"), "--prefix", "mirror");
        Assert.True(again.ExitCode == 0, again.All);
        AssertSays(again, "0 images imported");
        AssertSays(again, "0 tags set, 0 blobs new");
    }

    [Fact]
    public async Task An_incremental_archive_without_its_base_names_each_missing_blob_and_stores_none_of_the_images_needing_it()
    {
        using var work = new TestDirectory("import-incremental");
        var (_, second) = await ArchiveBothRoundsAsync(work, firstVolumes: 1);
        using var target = await ImportTarget.CreateAsync();
        await using var registry = await target.StartAsync();

        var import = await target.ImportAsync("oc-mirror", second[0]);
        Assert.True(import.ExitCode == 1, import.All);
        var sharedLayer = DistributionContent.Tagged.Layers[0].Digest;
        Assert.True(import.StandardOutput.Split('\n').Any(line => line.StartsWith($"missing blob {sharedLayer}", StringComparison.Ordinal)
            && line.EndsWith($"needed by tools/single@{DistributionContent.Update.Digest}", StringComparison.Ordinal)), import.All);
        using var http = registry.CreateClient();
        Assert.Null(await ManifestDigestAsync(http, "tools/single", DistributionContent.Update.Digest));
        Assert.Null(await ManifestDigestAsync(http, "tools/single", "stable"));
    }

    /// <summary>
    /// The first round archived from distribution's tree in <paramref name="firstVolumes"/> volumes (in work/archive-1), then
    /// after the second round an incremental archive of one volume with only the blobs not archived before (in work/archive-2).
    /// </summary>
    private static async Task<(IReadOnlyList<string> First, IReadOnlyList<string> Second)> ArchiveBothRoundsAsync(TestDirectory work, int firstVolumes)
    {
        var distribution = work.Combine("distribution");
        var root = await DistributionContent.PushFirstRoundAsync(distribution);
        var first = OcMirrorArchive.Write(root, work.Combine("archive-1"), firstVolumes);
        await DistributionContent.PushSecondRoundAsync(distribution);
        var second = OcMirrorArchive.Write(root, work.Combine("archive-2"), volumes: 1, first.Archived);
        return (first.Volumes, second.Volumes);
    }

    private static void AssertSays(ProcessResult result, string expected) =>
        Assert.True(result.StandardError.Contains(expected, StringComparison.Ordinal), $"expected '{expected}' in:\n{result.All}");
}
