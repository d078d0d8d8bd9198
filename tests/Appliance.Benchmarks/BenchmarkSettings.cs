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
    /// <summary>
    /// Cold 512 MiB pulls on this VM spread by +-10 % from one run to the next for either registry: more repetitions
    /// than elsewhere keep the median of the big-layer rows from being one lucky or unlucky run.
    /// </summary>
    public int BigLayerRepetitions => Quick ? Repetitions : Repetitions + 2;

    /// <summary>
    /// With <c>--only PREFIX[,PREFIX...]</c> just the sections whose names start with one of them run: for working on one
    /// figure, or on one in the state another section leaves (<c>--only listings,garbage</c>).
    /// </summary>
    public string[]? Only { get; init; }

    /// <summary>The pull storm: a cluster's nodes pulling one image's layers at once, each node the image twice.</summary>
    public PullStormSize Storm => Quick ? new PullStormSize(4, 4, 1 << 20, 2) : new PullStormSize(32, 16, 32 << 20, 2);

    /// <summary>Quick and partial runs are kept apart from full ones, which alone update latest.md.</summary>
    public string ResultSuffix => Quick ? "-quick" : Only is not null ? "-partial" : "";

    public static BenchmarkSettings From(string[] args)
    {
        var settings = args.Contains("--quick")
            ? new BenchmarkSettings(true, 1, 16L << 20, 10, 100, TimeSpan.FromSeconds(1), [16], 50, 5)
            : new BenchmarkSettings(false, 3, 512L << 20, 100, 10_000, TimeSpan.FromSeconds(3), [1, 16, 64], 10_000, 5);
        var only = Array.IndexOf(args, "--only");
        return only >= 0 && only + 1 < args.Length ? settings with { Only = args[only + 1].Split(',', StringSplitOptions.RemoveEmptyEntries) } : settings;
    }
}
