using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Appliance.Registry.Auth;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>
/// A big layer pulled with skopeo from an upstream (distribution over TLS with htpasswd, upstream 1 of the tests) directly,
/// and from our registry (TLS) mapping that upstream: cold, the cache fetches it while it serves it; warm, it has it.
/// </summary>
public sealed class PullThroughCacheBenchmark(BenchmarkSettings settings, string binary, string work)
{
    public async Task<(Measurement Direct, Measurement Cold, Measurement Warm)> RunAsync()
    {
        var credentials = new BasicCredentials("bench", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        await using var upstream = new DistributionRegistry(work, tls: true, "cache upstream", credentials);
        await upstream.StartAsync();
        var secret = Path.Combine(work, "cache-pull-secret.json");
        await File.WriteAllTextAsync(secret, JsonSerializer.Serialize(new
        {
            auths = new Dictionary<string, object>
            {
                [upstream.Host] = new { auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Password}")) },
            },
        }));
        string[] mapping = ["--upstreams:mappings:0", $"{upstream.Host}/bench=cache", "--upstreams:pullSecretFile", secret,
            "--upstreams:hosts:0:host", upstream.Host, "--upstreams:hosts:0:caFile", upstream.CaCertificatePath];
        await using var cache = new ApplianceRegistry(binary, work, tls: true, "cache", engineArguments: mapping);
        await cache.StartAsync();

        var megabytes = settings.BigLayerBytes / 1e6;
        Measurement direct = new("MB/s"), cold = new("MB/s"), warm = new("MB/s");
        string[] upstreamSource = [.. upstream.SkopeoSource, "--src-creds", $"{credentials.User}:{credentials.Password}"];
        for (var repetition = 0; repetition < settings.BigLayerRepetitions; repetition++)
        {
            var layout = Path.Combine(work, $"cache-layout-{repetition}");
            LayoutWriter.WriteBigLayerImage(layout, settings.BigLayerBytes, seed: 2600 + repetition);
            (await ProcessRunner.RunAsync("skopeo", ["copy", .. upstream.SkopeoDestination, "--dest-creds", $"{credentials.User}:{credentials.Password}",
                $"oci:{layout}:v1", $"docker://{upstream.Host}/bench/big{repetition}:v1"], TimeSpan.FromMinutes(5))).EnsureSuccess("push to the upstream");
            Directory.Delete(layout, recursive: true);

            // Every pull from a cold page cache: the upstream reads the layer from its disk in both first pulls, the cache in the warm one.
            await PhysicalLimits.DropPageCacheAsync();
            direct.Add(megabytes / await PullAsync(upstreamSource, $"docker://{upstream.Host}/bench/big{repetition}:v1"));
            await PhysicalLimits.DropPageCacheAsync();
            cold.Add(megabytes / await PullAsync(cache.SkopeoSource, $"docker://{cache.Host}/cache/big{repetition}:v1"));
            await PhysicalLimits.DropPageCacheAsync();
            warm.Add(megabytes / await PullAsync(cache.SkopeoSource, $"docker://{cache.Host}/cache/big{repetition}:v1"));
        }
        return (direct, cold, warm);
    }

    private async Task<double> PullAsync(string[] source, string reference)
    {
        var target = Path.Combine(work, $"cache-pulled-{Guid.NewGuid():N}");
        var clock = Stopwatch.StartNew();
        (await ProcessRunner.RunAsync("skopeo", ["copy", .. source, reference, $"oci:{target}:v1"], TimeSpan.FromMinutes(5))).EnsureSuccess($"skopeo copy {reference}");
        var seconds = clock.Elapsed.TotalSeconds;
        Directory.Delete(target, recursive: true);
        return seconds;
    }
}
