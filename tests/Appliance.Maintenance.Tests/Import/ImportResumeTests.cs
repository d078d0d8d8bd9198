using System.Diagnostics;
using System.Formats.Tar;
using Appliance.Registry.Hosting;
using Appliance.Testing;
using static Appliance.Maintenance.Tests.Import.ImportedRegistry;

namespace Appliance.Maintenance.Tests.Import;

/// <summary>An import killed (SIGKILL) in the middle leaves only whole images; run again, it skips those and finishes.</summary>
public sealed class ImportResumeTests
{
    private const int Images = 24;

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
        using var data = new TestDirectory("import-kill-registry");

        // Killed once some blobs are in: wherever that falls (while blobs stream, or while images are recorded).
        using (var import = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { typeof(RegistryHost).Assembly.Location, "import", "oc-mirror", archive, "--data", data.Path },
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!)
        {
            var blobs = Path.Combine(data.Path, "blobs");
            while (!import.HasExited && (!Directory.Exists(blobs) || Directory.GetFiles(blobs, "*", SearchOption.AllDirectories).Length < Images / 2))
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
            Assert.False(import.HasExited, "the import finished before it could be killed");
            import.Kill(entireProcessTree: true);
            await import.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var rerun = await ImportAsync(data.Path, "oc-mirror", archive);
        Assert.True(rerun.ExitCode == 0, rerun.All);
        // What the killed run stored is skipped: at least the blobs it had published.
        var summary = System.Text.RegularExpressions.Regex.Match(rerun.StandardError, @"(\d+) images imported \((\d+) here already\).* blobs new \((\d+) here already\)");
        Assert.True(summary.Success, rerun.All);
        Assert.Equal(Images, int.Parse(summary.Groups[1].Value) + int.Parse(summary.Groups[2].Value));
        Assert.True(int.Parse(summary.Groups[3].Value) >= Images / 2 - 1, rerun.All);
        TestContext.Current.TestOutputHelper?.WriteLine(rerun.StandardError);
        await using (var registry = await RegistryServer.StartOnAsync(data.Path))
        {
            using var http = registry.CreateClient();
            for (var i = 0; i < Images; i++) Assert.Equal(images[i].Digest, await ManifestDigestAsync(http, $"kill/app{i}", "1"));
        }
        await RegistryCli.AssertVerifiesCleanAsync(data.Path);
        Assert.Empty(Directory.GetFiles(Path.Combine(data.Path, "uploads")));
    }
}
