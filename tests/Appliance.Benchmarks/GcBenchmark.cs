using System.Diagnostics;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>
/// Garbage collection over many manifests and blobs: every manifest is deleted, then each registry
/// collects while stopped (distribution can only collect offline; ours also runs online).
/// </summary>
public sealed class GcBenchmark(BenchmarkSettings settings)
{
    public async Task<Dictionary<BenchmarkRegistry, Measurement>> RunAsync(ApplianceRegistry ours, DistributionRegistry distribution)
    {
        var seconds = new Dictionary<BenchmarkRegistry, Measurement> { [ours] = new("s"), [distribution] = new("s") };
        BenchmarkRegistry[] both = [ours, distribution];
        // Filling both at once only shortens the run: what is measured is each collection, one at a time, while stopped.
        await Task.WhenAll(both.Select(async registry =>
        {
            var populating = Stopwatch.StartNew();
            await PopulateAndDeleteAsync(registry);
            Console.Error.WriteLine($"   {registry.Name}: pushed and deleted {settings.GcManifests} manifests in {populating.Elapsed:mm\\:ss}");
        }));
        foreach (var registry in both)
        {
            await registry.StopAsync();
            // Each collection starts on a quiet disk, not behind the write-back of whatever was pushed last.
            await PhysicalLimits.SyncAsync();
            var clock = Stopwatch.StartNew();
            var result = registry == ours ? await ours.CollectGarbageAsync() : await distribution.CollectGarbageAsync();
            result.EnsureSuccess($"{registry.Name} garbage collection");
            seconds[registry].Add(clock.Elapsed.TotalSeconds);
            await registry.StartAsync();
        }
        return seconds;
    }

    /// <summary>N manifests of M tiny unique blobs each (a config and M - 1 layers), pushed by 16 clients, then deleted.</summary>
    private async Task PopulateAndDeleteAsync(BenchmarkRegistry registry)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var client = new RegistryHttpClient(registry.CreateClient());
            int i;
            while ((i = Interlocked.Increment(ref next)) < settings.GcManifests)
            {
                var layers = Enumerable.Range(0, settings.GcBlobsPerManifest - 1).Select(b => TestImages.Layer(64, i * 100 + b)).ToList();
                var image = TestImages.ImageOf(layers, docker: false, "amd64", seed: 0);
                var repository = $"gc/r{i % 100}";
                await client.PushImageAsync(repository, $"t{i}", image);
                using var delete = await client.Http.DeleteAsync($"/v2/{repository}/manifests/{image.Digest}");
                delete.EnsureSuccessStatusCode();
            }
        }));
    }
}
