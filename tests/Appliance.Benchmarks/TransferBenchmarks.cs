using System.Diagnostics;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>Blob throughput with skopeo (one big layer, many layers, a multi-arch index) and 16 concurrent HTTP pushers.</summary>
public sealed class TransferBenchmarks(BenchmarkSettings settings, string work, IReadOnlyList<BenchmarkRegistry> registries)
{
    public async Task<(Dictionary<BenchmarkRegistry, Measurement> Push, Dictionary<BenchmarkRegistry, Measurement> Pull, Dictionary<BenchmarkRegistry, Measurement> RssGrowth)>
        BigLayerAsync()
    {
        var megabytes = settings.BigLayerBytes / 1e6;
        var push = registries.ToDictionary(r => r, _ => new Measurement("MB/s"));
        var pull = registries.ToDictionary(r => r, _ => new Measurement("MB/s"));
        var growth = registries.ToDictionary(r => r, _ => new Measurement("MiB"));
        for (var repetition = 0; repetition < settings.BigLayerRepetitions; repetition++)
        {
            // New content every repetition: a blob the registry already has would be skipped or mounted, not transferred.
            var layout = FreshDirectory("big-layout");
            LayoutWriter.WriteBigLayerImage(layout, settings.BigLayerBytes, seed: repetition);
            foreach (var registry in registries)
            {
                var reference = $"docker://{registry.Host}/bench/big{repetition}:v1";
                var idle = registry.Memory().Rss;
                var peak = idle;
                using var sampling = new CancellationTokenSource();
                var sampler = Task.Run(async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        peak = Math.Max(peak, registry.Memory().Rss);
                        await Task.Delay(20);
                    }
                });
                push[registry].Add(megabytes / await TimeAsync("skopeo", ["copy", .. registry.SkopeoDestination, $"oci:{layout}:v1", reference]));
                await sampling.CancelAsync();
                await sampler;
                growth[registry].Add(peak - idle);

                // A mirror's layers are pulled long after they were pushed: both registries serve them from the disk, not from
                // whatever the push left in the page cache (distribution writes through the cache, ours writes around it).
                await PhysicalLimits.DropPageCacheAsync();
                var target = Path.Combine(work, $"pulled-{Guid.NewGuid():N}");
                pull[registry].Add(megabytes / await TimeAsync("skopeo", ["copy", .. registry.SkopeoSource, reference, $"oci:{target}:v1"]));
                Directory.Delete(target, recursive: true);
            }
        }
        return (push, pull, growth);
    }

    public async Task<(Dictionary<BenchmarkRegistry, Measurement> Push, Dictionary<BenchmarkRegistry, Measurement> Pull)> ManyLayersAsync()
    {
        var push = registries.ToDictionary(r => r, _ => new Measurement("s"));
        var pull = registries.ToDictionary(r => r, _ => new Measurement("s"));
        for (var repetition = 0; repetition < settings.Repetitions; repetition++)
        {
            var layout = FreshDirectory("many-layout");
            OciLayout.Write(layout, "v1", TestImages.Image(settings.ManyLayers, 1 << 20, 77 + repetition));
            foreach (var registry in registries)
            {
                var reference = $"docker://{registry.Host}/bench/many{repetition}:v1";
                push[registry].Add(await TimeAsync("skopeo", ["copy", .. registry.SkopeoDestination, $"oci:{layout}:v1", reference]));
                var target = Path.Combine(work, $"pulled-{Guid.NewGuid():N}");
                pull[registry].Add(await TimeAsync("skopeo", ["copy", .. registry.SkopeoSource, reference, $"oci:{target}:v1"]));
                Directory.Delete(target, recursive: true);
            }
        }
        return (push, pull);
    }

    public async Task<Dictionary<BenchmarkRegistry, Measurement>> MultiArchIndexAsync()
    {
        var copy = registries.ToDictionary(r => r, _ => new Measurement("s"));
        for (var repetition = 0; repetition < settings.Repetitions; repetition++)
        {
            var layout = FreshDirectory("index-layout");
            OciLayout.Write(layout, "v1", TestImages.Index(Enumerable.Range(0, 4).Select(i => TestImages.Image(2, 1 << 20, 200 + 10 * repetition + i)).ToList()));
            foreach (var registry in registries)
            {
                copy[registry].Add(await TimeAsync("skopeo",
                    ["copy", "--all", .. registry.SkopeoDestination, $"oci:{layout}:v1", $"docker://{registry.Host}/bench/index{repetition}:v1"]));
            }
        }
        return copy;
    }

    /// <summary>16 HTTP pushers of images that share two layers; total MB/s, failed pushes, and the bytes each registry was sent.</summary>
    public async Task<(Dictionary<BenchmarkRegistry, Measurement> Throughput, Dictionary<BenchmarkRegistry, int> Errors, long BytesPerRegistry)> ConcurrentPushersAsync()
    {
        var shared = new[] { TestImages.Layer(1 << 20, 900), TestImages.Layer(1 << 20, 901) };
        var throughput = registries.ToDictionary(r => r, _ => new Measurement("MB/s"));
        var errors = registries.ToDictionary(r => r, _ => 0);
        var total = 0L;
        for (var repetition = 0; repetition < settings.Repetitions; repetition++)
        {
            var images = Enumerable.Range(0, 16).Select(i => TestImages.Image(4, 1 << 20, 1000 * (repetition + 1) + i, sharedLayers: shared)).ToList();
            var bytes = images.Sum(i => i.Blobs.Sum(b => (long)b.Content.Length));
            total += bytes;
            foreach (var registry in registries)
            {
                var clock = Stopwatch.StartNew();
                var results = await Task.WhenAll(images.Select(async (image, i) =>
                {
                    using var client = new RegistryHttpClient(registry.CreateClient());
                    try
                    {
                        await client.PushImageAsync($"bench/fleet{repetition}-{i}", "v1", image);
                        return true;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                }));
                throughput[registry].Add(bytes / 1e6 / clock.Elapsed.TotalSeconds);
                errors[registry] += results.Count(ok => !ok);
            }
        }
        return (throughput, errors, total);
    }

    private string FreshDirectory(string name)
    {
        var directory = Path.Combine(work, name);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        return directory;
    }

    private static async Task<double> TimeAsync(string tool, string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        (await ProcessRunner.RunAsync(tool, arguments, TimeSpan.FromMinutes(5))).EnsureSuccess($"{tool} {string.Join(' ', arguments)}");
        return clock.Elapsed.TotalSeconds;
    }
}
