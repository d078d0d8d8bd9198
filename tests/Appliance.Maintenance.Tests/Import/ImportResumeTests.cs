using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using Appliance.Testing;
using static Appliance.Maintenance.Tests.Import.ImportedRegistry;

namespace Appliance.Maintenance.Tests.Import;

/// <summary>
/// An import of a 2 GiB archive killed (SIGKILL) in the middle leaves only whole images; run again, it skips those and
/// finishes. The layers are pseudo-random bytes made on the fly, so the archive never sits in memory.
/// </summary>
public sealed class ImportResumeTests
{
    private const int Images = 16;
    private const long LayerBytes = 128L << 20;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_import_killed_midway_is_finished_by_a_rerun_that_skips_what_was_imported()
    {
        using var work = new TestDirectory("import-kill");
        var archive = work.Combine("mirror_000001.tar");
        var manifests = WriteArchive(archive);
        using var target = await ImportTarget.CreateAsync();

        // The killed run reads the archive through a pipe that the test fills only halfway: it is killed while it waits for
        // more, having published the blobs of the first half and spooled part of the next one.
        var pipe = work.Combine("pipe.tar");
        (await ProcessRunner.RunAsync("mkfifo", [pipe])).EnsureSuccess("mkfifo");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in target.ImportCommandLine("oc-mirror", pipe)) start.ArgumentList.Add(argument);
        using (var import = Process.Start(start)!)
        {
            await using (var feed = new FileStream(pipe, FileMode.Open, FileAccess.Write))
            await using (var source = File.OpenRead(archive))
            {
                // Returns once the import has read all but a pipe buffer of the first half.
                await CopyAsync(source, feed, source.Length / 2);
                await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
                if (import.HasExited) Assert.Fail($"the import ended before it was killed: {await import.StandardError.ReadToEndAsync(Cancel)}");
                import.Kill(entireProcessTree: true);
                await import.WaitForExitAsync(Cancel);
            }
        }

        var rerun = await target.ImportAsync("oc-mirror", archive);
        Assert.True(rerun.ExitCode == 0, rerun.All);
        // The rerun had work left (all images: they are recorded after the last blob), and skipped the blobs already in.
        var summary = System.Text.RegularExpressions.Regex.Match(rerun.StandardError, @"(\d+) images imported \((\d+) here already\).* (\d+) blobs new \((\d+) here already\)");
        Assert.True(summary.Success, rerun.All);
        var (imported, present, blobsNew, blobsPresent) = (int.Parse(summary.Groups[1].Value), int.Parse(summary.Groups[2].Value),
            int.Parse(summary.Groups[3].Value), int.Parse(summary.Groups[4].Value));
        Assert.Equal(Images, imported + present);
        Assert.True(imported > 0 && blobsNew > 0 && blobsPresent > 0, rerun.All);
        TestContext.Current.TestOutputHelper?.WriteLine(rerun.StandardError);
        await using (var registry = await target.StartAsync())
        {
            using var http = registry.CreateClient();
            for (var i = 0; i < Images; i++) Assert.Equal(manifests[i].Digest, await ManifestDigestAsync(http, $"kill/app{i}", "1"));
        }
        await target.AssertVerifiesCleanAsync();
    }

    /// <summary><see cref="Images"/> images of one <see cref="LayerBytes"/> layer each, in repositories kill/app0.., tagged 1.</summary>
    private static List<TestBlob> WriteArchive(string path)
    {
        var manifests = new List<TestBlob>();
        using var tar = new TarWriter(File.Create(path), TarEntryFormat.Pax, leaveOpen: false);
        for (var i = 0; i < Images; i++)
        {
            var layer = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(new RandomStream(LayerBytes, 400 + i)));
            var config = new TestBlob(JsonSerializer.SerializeToUtf8Bytes(new
            {
                architecture = "amd64", os = "linux", rootfs = new { type = "layers", diff_ids = new[] { layer } },
            }), "application/vnd.oci.image.config.v1+json");
            var manifest = new TestBlob(JsonSerializer.SerializeToUtf8Bytes(new
            {
                schemaVersion = 2, mediaType = TestImages.OciManifest, config = config.Descriptor,
                layers = new[] { new { mediaType = "application/vnd.oci.image.layer.v1.tar", digest = layer, size = LayerBytes } },
            }), TestImages.OciManifest);
            manifests.Add(manifest);
            foreach (var (name, content) in ArchiveTree.Image($"kill/app{i}", manifest, [config]))
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, ArchiveTree.BlobPath(layer)) { DataStream = new RandomStream(LayerBytes, 400 + i) });
        }
        return manifests;
    }

    private static async Task CopyAsync(Stream source, Stream destination, long count)
    {
        var buffer = new byte[1 << 20];
        while (count > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), Cancel);
            if (read == 0) break;
            await destination.WriteAsync(buffer.AsMemory(0, read), Cancel);
            count -= read;
        }
    }
}
