using System.Diagnostics;
using System.Net;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>Small requests under load, and the latency of listing 10,000 tags and 10,000 repositories.</summary>
public sealed class RequestBenchmarks(BenchmarkSettings settings, IReadOnlyList<BenchmarkRegistry> registries)
{
    private static readonly TestImage Small = TestImages.Image(1, 1024, 5);

    public async Task<List<(string Metric, Dictionary<BenchmarkRegistry, Measurement> Rate, Dictionary<BenchmarkRegistry, Measurement> P99)>> SmallRequestsAsync()
    {
        foreach (var registry in registries)
        {
            using var client = new RegistryHttpClient(registry.CreateClient());
            await client.PushImageAsync("bench/small", "v1", Small);
        }
        var results = new List<(string, Dictionary<BenchmarkRegistry, Measurement>, Dictionary<BenchmarkRegistry, Measurement>)>();
        foreach (var (method, path, label) in new[] { ("GET", "/v2/bench/small/manifests/v1", "GET manifest"), ("HEAD", "/v2/bench/small/manifests/v1", "HEAD manifest"), ("GET", "/v2/", "GET /v2/") })
        {
            foreach (var concurrency in settings.Concurrencies)
            {
                var rate = registries.ToDictionary(r => r, _ => new Measurement("req/s"));
                var p99 = registries.ToDictionary(r => r, _ => new Measurement("ms"));
                foreach (var registry in registries)
                {
                    // The OCI media type is accepted explicitly: distribution answers 404 to clients that do not accept OCI manifests.
                    var (requests, latency) = await LoadGenerator.RunAsync(method, new Uri(registry.BaseAddress, path), concurrency, settings.LoadDuration,
                        TestImages.OciManifest);
                    rate[registry].Add(requests);
                    p99[registry].Add(latency);
                }
                results.Add(($"{label}, c={concurrency}", rate, p99));
            }
        }
        return results;
    }

    public async Task<(Dictionary<BenchmarkRegistry, Measurement> Tags, Dictionary<BenchmarkRegistry, Measurement> Catalog)> ListingsAsync()
    {
        var tags = registries.ToDictionary(r => r, _ => new Measurement("ms"));
        var catalog = registries.ToDictionary(r => r, _ => new Measurement("ms"));
        await Task.WhenAll(registries.Select(PopulateAsync));
        foreach (var registry in registries)
        {
            using var http = registry.CreateClient();
            var pageSize = Math.Min(settings.ListingEntries, registry.MaxPageSize);
            // Untimed first: a process's first listings run code the JIT has not optimized yet (methods reach their optimized
            // tier after 30 calls), which the p50 of 20 would half consist of; a registry lists all day.
            var warmUp = Stopwatch.StartNew();
            for (var i = 0; i < 40 && warmUp.Elapsed < TimeSpan.FromSeconds(5); i++)
            {
                await TimeFullListAsync(http, $"/v2/bench/tags/tags/list?n={pageSize}");
                await TimeFullListAsync(http, $"/v2/_catalog?n={pageSize}");
            }
            // 20 listings each, or as many as fit in 10 s (at least 5): distribution needs seconds per full catalog.
            var budget = Stopwatch.StartNew();
            for (var i = 0; i < 20 && (i < 5 || budget.Elapsed < TimeSpan.FromSeconds(10)); i++)
            {
                tags[registry].Add(await TimeFullListAsync(http, $"/v2/bench/tags/tags/list?n={pageSize}"));
                catalog[registry].Add(await TimeFullListAsync(http, $"/v2/_catalog?n={pageSize}"));
            }
        }
        return (tags, catalog);
    }

    /// <summary>One repository with N tags of one small image, and N repositories that mount its blobs.</summary>
    private async Task PopulateAsync(BenchmarkRegistry registry)
    {
        using (var seed = new RegistryHttpClient(registry.CreateClient())) await seed.PushImageAsync("bench/tags", "seed", Small);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var client = new RegistryHttpClient(registry.CreateClient());
            int i;
            while ((i = Interlocked.Increment(ref next)) < settings.ListingEntries)
            {
                using (var tag = await client.PutManifestAsync("bench/tags", $"t{i:D5}", Small.Manifest)) tag.EnsureSuccessStatusCode();
                var repository = $"bench/catalog/r{i:D5}";
                foreach (var blob in Small.Blobs)
                {
                    using var mount = await client.Http.PostAsync($"/v2/{repository}/blobs/uploads/?mount={blob.Digest}&from=bench/tags", null);
                    if (mount.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"{registry.Name} did not mount {blob.Digest}: {mount.StatusCode}");
                }
                using var put = await client.PutManifestAsync(repository, "v1", Small.Manifest);
                put.EnsureSuccessStatusCode();
            }
        }));
    }

    /// <summary>Follows Link headers until the list ends, as a client that wants everything must.</summary>
    private static async Task<double> TimeFullListAsync(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        string? next = path;
        while (next is not null)
        {
            using var response = await http.GetAsync(next);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            next = response.Headers.TryGetValues("Link", out var links) ? links.First().Split('<', '>')[1] : null;
        }
        return clock.Elapsed.TotalMilliseconds;
    }
}
