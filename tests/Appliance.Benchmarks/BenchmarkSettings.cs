namespace Appliance.Benchmarks;

/// <summary>Sizes and counts of one run; <c>--quick</c> shrinks everything to prove the harness in seconds.</summary>
public sealed record BenchmarkSettings(
    bool Quick,
    int Repetitions,
    long BigLayerBytes,
    int ManyLayers,
    int ListingEntries,
    TimeSpan LoadDuration,
    int[] Concurrencies,
    int GcManifests,
    int GcBlobsPerManifest)
{
    public static BenchmarkSettings From(string[] args) => args.Contains("--quick")
        ? new(true, 1, 16L << 20, 10, 100, TimeSpan.FromSeconds(1), [16], 50, 5)
        : new(false, 3, 512L << 20, 100, 10_000, TimeSpan.FromSeconds(5), [1, 16, 64], 10_000, 5);
}
