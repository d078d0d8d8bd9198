using System.Diagnostics;
using System.Formats.Tar;
using Appliance.Testing;
using static Appliance.Maintenance.Tests.Import.ImportedRegistry;

namespace Appliance.Maintenance.Tests.Import;

/// <summary>An import killed (SIGKILL) in the middle leaves only whole images; run again, it skips those and finishes.</summary>
public sealed class ImportResumeTests
{
    private const int Images = 24;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_import_killed_midway_is_finished_by_a_rerun_that_skips_what_was_imported()
    {
        using var work = new TestDirectory("import-kill");
        var images = Enumerable.Range(0, Images).Select(i => TestImages.Image(1, 4 << 20, 400 + i)).ToList();
        var archive = work.Combine("mirror_000001.tar");
        using (var tar = new TarWriter(File.Create(archive), TarEntryFormat.Pax, leaveOpen: false))
        {
            foreach (var (name, content) in images.SelectMany((image, i) => ArchiveTree.Image($"kill/app{i}", image.Manifest, image.Blobs)))
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }
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
            {
                var bytes = await File.ReadAllBytesAsync(archive, Cancel);
                // Returns once the import has read all but a pipe buffer of it.
                await feed.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), Cancel);
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
            for (var i = 0; i < Images; i++) Assert.Equal(images[i].Digest, await ManifestDigestAsync(http, $"kill/app{i}", "1"));
        }
        await target.AssertVerifiesCleanAsync();
    }
}
