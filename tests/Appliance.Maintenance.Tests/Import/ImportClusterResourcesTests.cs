using System.Formats.Tar;
using System.Text;
using Appliance.Testing;
using static Appliance.Maintenance.Tests.Import.ImportedRegistry;

namespace Appliance.Maintenance.Tests.Import;

/// <summary>
/// <c>import oc-mirror --out</c> leaves what oc-mirror's disk-to-mirror leaves for the cluster, and a sparse release index
/// (oc-mirror's platform filter) is imported like a push of it.
/// </summary>
public sealed class ImportClusterResourcesTests
{
    private static readonly TestImage Catalog = TestImages.ImageOf([TestImages.Layer(2048, 401)], docker: false, "amd64", 401,
        new Dictionary<string, string> { ["operators.operatorframework.io.index.configs.v1"] = "/configs" });
    private static readonly TestImage Release = TestImages.Image(1, 2048, 402);
    private static readonly TestImage Amd64 = TestImages.Image(1, 2048, 403);
    private static readonly TestImage Arm64 = TestImages.Image(1, 2048, 404, architecture: "arm64");
    private static readonly TestIndex Sparse = TestImages.Index([Amd64, Arm64]);
    private static readonly byte[] Signature = Encoding.ASCII.GetBytes("a release signature");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Out_writes_mirror_sets_a_catalog_source_and_the_signature_config_map_and_a_sparse_index_is_imported()
    {
        using var work = new TestDirectory("import-out");
        var archive = work.Combine("mirror_000001.tar");
        WriteArchive(archive);
        using var target = await ImportTarget.CreateAsync();
        var output = work.Combine("cluster-resources");

        var import = await target.ImportAsync("oc-mirror", archive, "--prefix", "ocp4", "--out", output);

        Assert.True(import.ExitCode == 0, import.All);
        Assert.Equal(["README.txt", "ca.crt", "cs-redhat-operator-index-1.yaml", "idms.yaml", "image-config-ca.yaml", "install-config-snippet.yaml", "itms.yaml",
            "signature-configmap.yaml"], Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var catalogSource = await File.ReadAllTextAsync(Path.Combine(output, "cs-redhat-operator-index-1.yaml"), Cancel);
        Assert.Matches(@"image: [^\s/]+/ocp4/redhat/redhat-operator-index:1\n", catalogSource);
        Assert.Contains("kind: CatalogSource", catalogSource);
        var signatures = await File.ReadAllTextAsync(Path.Combine(output, "signature-configmap.yaml"), Cancel);
        Assert.Contains($"sha256-{Release.Digest[7..]}-1: {Convert.ToBase64String(Signature)}", signatures.Replace("\"", ""));
        Assert.Contains("openshift/release-images", await File.ReadAllTextAsync(Path.Combine(output, "idms.yaml"), Cancel));

        await using var registry = await target.StartAsync();
        using var http = registry.CreateClient();
        Assert.Equal(Sparse.Digest, await ManifestDigestAsync(http, "ocp4/ubi9/ubi", "1"));
        Assert.Equal(Amd64.Digest, await ManifestDigestAsync(http, "ocp4/ubi9/ubi", Amd64.Digest));
        Assert.Null(await ManifestDigestAsync(http, "ocp4/ubi9/ubi", Arm64.Digest));
        await target.AssertVerifiesCleanAsync();
    }

    /// <summary>A catalog, a release with its signature in working-dir, and an index whose arm64 image the platform filter left out.</summary>
    private static void WriteArchive(string path)
    {
        var sparse = ArchiveTree.Image("ubi9/ubi", Sparse.Manifest, [])
            .Concat(ArchiveTree.Image("ubi9/ubi", Amd64.Manifest, Amd64.Blobs).Where(f => !f.Name.Contains("/tags/", StringComparison.Ordinal)));
        var files = ArchiveTree.Image("redhat/redhat-operator-index", Catalog.Manifest, Catalog.Blobs)
            .Concat(ArchiveTree.Image("openshift/release-images", Release.Manifest, Release.Blobs))
            .Concat(sparse)
            .Append(($"working-dir/signatures/1-sha256-{Release.Digest[7..]}", Signature))
            .Append(("isc_2026-12-05T12:00:00Z", "kind: ImageSetConfiguration\n"u8.ToArray()));
        using var file = File.Create(path);
        using var tar = new TarWriter(file, TarEntryFormat.Pax);
        foreach (var (name, content) in files)
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
        }
    }
}
