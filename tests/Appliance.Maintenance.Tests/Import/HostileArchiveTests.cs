using System.Formats.Tar;
using Appliance.Testing;
using static Appliance.Maintenance.Tests.Import.ImportedRegistry;

namespace Appliance.Maintenance.Tests.Import;

/// <summary>
/// Hostile and broken oc-mirror archives, one case each: the import names the bad entry (with its archive) or the manifest in
/// one line, stores nothing of the image it spoils, imports the rest and exits 1.
/// </summary>
public sealed class HostileArchiveTests
{
    private static readonly TestImage Good = TestImages.Image(1, 2048, 301);

    // Large enough that a cut in the middle of its layer lies well inside the data.
    private static readonly TestImage Bad = TestImages.Image(1, 65536, 302);

    private static readonly TestBlob NotJson = new("this is not a manifest"u8.ToArray(), TestImages.OciManifest);

    public static TheoryData<string, string> Cases => new()
    {
        { "dot-dot", "the path leaves the archive's tree" },
        { "absolute", "the path leaves the archive's tree" },
        { "symbolic-link", "links are not followed" },
        { "hard-link", "links are not followed" },
        { "device", "a device or pipe" },
        { "digest-mismatch", $"its bytes are not the {Bad.Layers[0].Content.Length} bytes of {Bad.Layers[0].Digest}" },
        { "truncated", "truncated or damaged" },
        { "not-json", "not a valid manifest" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_hostile_entry_is_named_its_image_is_not_stored_and_the_rest_is_imported(string hostile, string named)
    {
        using var work = new TestDirectory("import-hostile");
        var archive = work.Combine("mirror_000001.tar");
        WriteArchive(archive, hostile);
        using var target = await ImportTarget.CreateAsync();
        await using var registry = await target.StartAsync();

        var import = await target.ImportAsync("oc-mirror", archive);

        Assert.True(import.ExitCode == 1, import.All);
        Assert.True(import.StandardOutput.Contains(named, StringComparison.Ordinal), import.All);
        Assert.Contains("not stored: bad/app@", import.StandardOutput);
        using var http = registry.CreateClient();
        Assert.Equal(Good.Digest, await ManifestDigestAsync(http, "good/app", "1"));
        Assert.Null(await ManifestDigestAsync(http, "bad/app", "1"));
        await target.AssertVerifiesCleanAsync();
    }

    /// <summary>The good image whole; the bad one with its layer (or, for not-json, its manifest) replaced by the hostile case, last.</summary>
    private static void WriteArchive(string path, string hostile)
    {
        var badManifest = hostile == "not-json" ? NotJson : Bad.Manifest;
        var layer = Bad.Layers[0];
        var layerPath = ArchiveTree.BlobPath(layer);
        using var file = File.Create(path);
        long cut;
        using (var tar = new TarWriter(file, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in ArchiveTree.Image("good/app", Good.Manifest, Good.Blobs).Concat(ArchiveTree.Image("bad/app", badManifest, [Bad.Config])))
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
            cut = file.Position + 512 * 4 + layer.Content.Length / 2;
            tar.WriteEntry(hostile switch
            {
                "dot-dot" => Regular($"../{layerPath}", layer.Content),
                "absolute" => Regular($"/{layerPath}", layer.Content),
                "symbolic-link" => new PaxTarEntry(TarEntryType.SymbolicLink, layerPath) { LinkName = "/etc/passwd" },
                "hard-link" => new PaxTarEntry(TarEntryType.HardLink, layerPath) { LinkName = ArchiveTree.BlobPath(Good.Layers[0]) },
                "device" => new PaxTarEntry(TarEntryType.CharacterDevice, layerPath) { DeviceMajor = 1, DeviceMinor = 3 },
                "digest-mismatch" => Regular(layerPath, [.. layer.Content.Select((b, i) => i == 100 ? (byte)~b : b)]),
                _ => Regular(layerPath, layer.Content),
            });
        }
        if (hostile == "truncated") file.SetLength(cut);
    }

    private static PaxTarEntry Regular(string name, byte[] content) => new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };
}
