using System.Diagnostics;
using Appliance.Registry.Auth;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>
/// A cluster's nodes pulling one image at once over TLS. Each node is a client of its own (its own
/// <see cref="SocketsHttpHandler"/>, so its own connection and TLS handshake) that, for every pull of the image, starts
/// anew, does the registry's auth dance and fetches every layer in turn, each node from a different layer on, reading
/// the bodies into one buffer. It does not hash them, as a real client would, so that the two cores left to client and
/// server go to the server as far as they can; the client's CPU is reported beside the server's. A layer whose transfer
/// fails is counted and fetched once more, as container clients retry; throughput counts the bytes that arrived.
/// </summary>
public sealed class PullStormBenchmark(BenchmarkSettings settings)
{
    private const string Repository = "bench/storm";
    private const double MiB = 1 << 20;
    private const double GiB = 1 << 30;

    public sealed record Result(
        Dictionary<BenchmarkRegistry, Measurement> Throughput,
        Dictionary<BenchmarkRegistry, Measurement> ServerCpuPerGiB,
        Dictionary<BenchmarkRegistry, Measurement> ClientCpuPerGiB,
        Dictionary<BenchmarkRegistry, int> FailedTransfers);

    public async Task<Result> RunAsync(IReadOnlyList<BenchmarkRegistry> registries, BasicCredentials credentials)
    {
        var size = settings.Storm;
        var image = TestImages.Image(size.Layers, size.LayerBytes, 4242);
        var result = new Result(registries.ToDictionary(r => r, _ => new Measurement("MiB/s")),
            registries.ToDictionary(r => r, _ => new Measurement("s/GiB")), registries.ToDictionary(r => r, _ => new Measurement("s/GiB")),
            registries.ToDictionary(r => r, _ => 0));
        foreach (var registry in registries)
        {
            using var pusher = new RegistryHttpClient(registry.CreateClient(inner => new RegistryAuthHandler(credentials, inner)));
            await pusher.PushImageAsync(Repository, "v1", image);
        }
        for (var repetition = 0; repetition < settings.Repetitions; repetition++)
        {
            foreach (var registry in registries)
            {
                var server = registry.CpuTime();
                var client = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var nodes = await Task.WhenAll(Enumerable.Range(0, size.Clients).Select(node => NodeAsync(registry, credentials, image.Layers, node, size.Passes)));
                var seconds = clock.Elapsed.TotalSeconds;
                var served = nodes.Sum(n => n.Bytes);
                var gigabytes = served / GiB;
                result.FailedTransfers[registry] += nodes.Sum(n => n.Failures);
                result.Throughput[registry].Add(served / MiB / seconds);
                result.ServerCpuPerGiB[registry].Add((registry.CpuTime() - server).TotalSeconds / gigabytes);
                result.ClientCpuPerGiB[registry].Add((Process.GetCurrentProcess().TotalProcessorTime - client).TotalSeconds / gigabytes);
                Console.Error.WriteLine($"   {registry.Name}: {served / MiB / seconds:0} MiB/s, server {result.ServerCpuPerGiB[registry].Values[^1]:0.00} s/GiB, " +
                                        $"client {result.ClientCpuPerGiB[registry].Values[^1]:0.00} s/GiB");
            }
        }
        return result;
    }

    /// <summary>One node's pulls: the bytes that arrived and the transfers that failed (each retried once).</summary>
    private static async Task<(long Bytes, int Failures)> NodeAsync(BenchmarkRegistry registry, BasicCredentials credentials, IReadOnlyList<TestBlob> layers,
        int node, int passes)
    {
        var buffer = new byte[64 << 10];
        long bytes = 0;
        var failures = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            using var http = registry.CreateClient(inner => new RegistryAuthHandler(credentials, inner));
            for (var i = 0; i < layers.Count; i++)
            {
                var layer = layers[(node + i) % layers.Count];
                for (var attempt = 0; ; attempt++)
                {
                    long received = 0;
                    try
                    {
                        using var response = await http.GetAsync($"/v2/{Repository}/blobs/{layer.Digest}", HttpCompletionOption.ResponseHeadersRead);
                        response.EnsureSuccessStatusCode();
                        await using var body = await response.Content.ReadAsStreamAsync();
                        int read;
                        while ((read = await body.ReadAsync(buffer)) > 0) received += read;
                        if (received != layer.Content.Length) throw new IOException($"{received} bytes of {layer.Content.Length}");
                        bytes += received;
                        break;
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException && attempt == 0)
                    {
                        bytes += received;
                        failures++;
                        Console.Error.WriteLine($"   {registry.Name}: node {node}, pull {pass + 1}, {layer.Digest[..19]} failed after {received} bytes, retrying: " +
                                                $"{e.Message} {e.InnerException?.Message}");
                    }
                }
            }
        }
        return (bytes, failures);
    }
}
