using System.Diagnostics;
using System.Text.RegularExpressions;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>
/// Garbage collection over many manifests and blobs: N images are pushed and their manifests deleted, then each
/// registry collects while stopped (distribution can only collect offline; ours also runs online). Ours is filled
/// through its API; distribution's storage is written as its API leaves it (see <see cref="DistributionStorageWriter"/>).
/// Each collection must report at least the blobs the images left behind, so neither figure is of a smaller job.
/// </summary>
public sealed partial class GcBenchmark(BenchmarkSettings settings)
{
    public async Task<(Dictionary<BenchmarkRegistry, Measurement> Seconds, string Note)> RunAsync(ApplianceRegistry ours, DistributionRegistry distribution)
    {
        var seconds = new Dictionary<BenchmarkRegistry, Measurement> { [ours] = new("s"), [distribution] = new("s") };
        var populating = Stopwatch.StartNew();
        await PushAndDeleteAsync(ours);
        Console.Error.WriteLine($"   {ours.Name}: pushed and deleted {settings.GcManifests} manifests in {populating.Elapsed:mm\\:ss}");
        // Records are stamped in whole seconds and a grace period of zero still keeps what the current second recorded.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await distribution.StopAsync();
        populating.Restart();
        var storage = new DistributionStorageWriter(distribution.StorageDirectory);
        for (var i = 0; i < settings.GcManifests; i++) storage.WriteDeleted(Repository(i), Image(i));
        Console.Error.WriteLine($"   {distribution.Name}: wrote the storage of {settings.GcManifests} deleted manifests in {populating.Elapsed:mm\\:ss}");

        var collections = new (BenchmarkRegistry Registry, Func<Task<ProcessResult>> Collect, Func<string, int> Removed, int Expected)[]
        {
            (ours, ours.CollectGarbageAsync, output => int.Parse(OursRemoved().Match(output).Groups[1].Value), settings.GcManifests * settings.GcBlobsPerManifest),
            // distribution keeps every manifest as a blob too.
            (distribution, distribution.CollectGarbageAsync, output => DistributionEligible().Matches(output).Count,
                settings.GcManifests * (settings.GcBlobsPerManifest + 1)),
        };
        var collected = new Dictionary<BenchmarkRegistry, int>();
        foreach (var (registry, collect, removed, expected) in collections)
        {
            await registry.StopAsync();
            // Each collection starts on a quiet disk, not behind the write-back of whatever was written last.
            await PhysicalLimits.SyncAsync();
            var clock = Stopwatch.StartNew();
            var result = await collect();
            seconds[registry].Add(clock.Elapsed.TotalSeconds);
            result.EnsureSuccess($"{registry.Name} garbage collection");
            collected[registry] = removed(result.All);
            var summary = result.All.Split('\n').LastOrDefault(line => line.StartsWith("removed:", StringComparison.Ordinal) || line.Contains("blobs marked", StringComparison.Ordinal));
            Console.Error.WriteLine($"   {registry.Name}: {clock.Elapsed.TotalSeconds:0.0} s; {summary?.Trim()}");
            if (collected[registry] < expected)
            {
                throw new InvalidOperationException($"{registry.Name} collected {collected[registry]} blobs, fewer than the {expected} the deleted images left");
            }
            await registry.StartAsync();
        }
        return (seconds, $"GC: both registries collect while stopped here for a like-for-like figure (ours also collects online, POST /admin/gc); "
            + $"blobs removed: ours {collected[ours]}, distribution {collected[distribution]} (it stores manifests as blobs too).");
    }

    /// <summary>The images of the run: a config and M - 1 tiny unique layers each, spread over 100 repositories.</summary>
    private TestImage Image(int i)
    {
        var layers = Enumerable.Range(0, settings.GcBlobsPerManifest - 1).Select(b => TestImages.Layer(64, i * 100 + b)).ToList();
        return TestImages.ImageOf(layers, docker: false, "amd64", seed: i);
    }

    private static string Repository(int i) => $"gc/r{i % 100}";

    /// <summary>Pushed by 16 clients, each manifest deleted right after its push.</summary>
    private async Task PushAndDeleteAsync(BenchmarkRegistry registry)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var client = new RegistryHttpClient(registry.CreateClient());
            int i;
            while ((i = Interlocked.Increment(ref next)) < settings.GcManifests)
            {
                var image = Image(i);
                await client.PushImageAsync(Repository(i), $"t{i}", image);
                using var delete = await client.Http.DeleteAsync($"/v2/{Repository(i)}/manifests/{image.Digest}");
                delete.EnsureSuccessStatusCode();
            }
        }));
    }

    [GeneratedRegex(@"removed: \d+ manifests, \d+ repository links, (\d+) blobs")]
    private static partial Regex OursRemoved();

    [GeneratedRegex("blob eligible for deletion")]
    private static partial Regex DistributionEligible();
}
