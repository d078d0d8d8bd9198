using System.Diagnostics;
using System.Text.Json;
using Appliance.Testing;
using Appliance.Testing.Quay;

namespace Appliance.Benchmarks;

/// <summary>
/// The in-place takeover of a mirror-registry 2.x (issue 23): a Quay installation of <see cref="StoreBytes"/> in the
/// run's work directory, on the same filesystem as the registry's fresh data directory, taken over by the published
/// binary as the installer runs it (<c>import mirror-registry --link</c>, offline) from a cold page cache. With hard
/// links nothing is copied, so the time is that of reading (and hashing) every blob once.
/// </summary>
public sealed class TakeoverBenchmark(BenchmarkSettings settings, string binary, string work)
{
    public int Images => settings.Quick ? 4 : 40;
    private const int LayersPerImage = 2;
    private long LayerBytes => settings.Quick ? 8L << 20 : 128L << 20;
    public long StoreBytes => Images * LayersPerImage * LayerBytes;

    public async Task<(Measurement Seconds, Measurement MegabytesPerSecond)> RunAsync()
    {
        var root = Path.Combine(work, "quay-install");
        var data = Path.Combine(work, "takeover-data");
        try
        {
            var clock = Stopwatch.StartNew();
            var quay = WriteInstallation(root);
            Console.Error.WriteLine($"   wrote a {StoreBytes >> 20} MiB Quay store in {clock.Elapsed.TotalSeconds:0} s");
            await PhysicalLimits.DropPageCacheAsync();
            var seconds = await TakeOverAsync(quay, data);
            Console.Error.WriteLine($"   takeover: {seconds:0.0} s, {StoreBytes / 1e6 / seconds:0} MB/s");
            var time = new Measurement("s");
            time.Add(seconds);
            var rate = new Measurement("MB/s");
            rate.Add(StoreBytes / 1e6 / seconds);
            return (time, rate);
        }
        finally
        {
            foreach (var directory in new[] { data, root }) if (Directory.Exists(directory)) WorkDirectory.Delete(directory);
        }
    }

    /// <summary>One organization with one repository per image, each image tagged v1, its layers streamed to disk.</summary>
    private QuayInstallation WriteInstallation(string root)
    {
        var quay = new QuayInstallation(root, "quay.bench.invalid:8443").AddUser("admin", "bench-password", superUser: true).AddOrganization("bench", "admin");
        for (var i = 0; i < Images; i++)
        {
            var repository = $"bench/image-{i}";
            quay.AddRepository(repository);
            quay.PushLarge(repository, "v1", LayersPerImage, LayerBytes, seed: 7000 + i);
        }
        return quay;
    }

    private async Task<double> TakeOverAsync(QuayInstallation quay, string data)
    {
        var clock = Stopwatch.StartNew();
        var result = await ProcessRunner.RunAsync(binary,
        [
            "import", "mirror-registry", "--quay-config", quay.ConfigDirectory, "--sqlite", quay.SqliteFile, "--quay-storage", quay.StorageDirectory,
            "--link", "--json", "--data", data,
        ], TimeSpan.FromMinutes(30));
        var seconds = clock.Elapsed.TotalSeconds;
        result.EnsureSuccess("import mirror-registry");
        // The figure is that of a takeover by hard links; a store that was copied instead would measure something else.
        using var report = JsonDocument.Parse(result.StandardOutput);
        var linked = report.RootElement.GetProperty("import").GetProperty("blobsLinked").GetInt64();
        if (linked != Images * LayersPerImage + Images)
        {
            throw new InvalidOperationException($"{linked} blobs hard-linked, not all {Images * LayersPerImage + Images} (layers and configs)");
        }
        return seconds;
    }
}
