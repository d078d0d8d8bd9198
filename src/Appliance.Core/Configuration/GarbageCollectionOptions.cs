namespace Appliance.Core.Configuration;

/// <summary>Garbage collection policy; bound from the <c>gc</c> section of the config.</summary>
public sealed class GarbageCollectionOptions
{
    public const string Section = "gc";

    /// <summary>
    /// Blobs linked or recorded more recently than this are never collected, even when nothing
    /// references them yet: a client pushes layers before the manifest that names them.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Upload sessions older than this are abandoned; their spool files are removed.</summary>
    public TimeSpan UploadExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Null (the default) keeps untagged manifests forever: oc-mirror pushes release and catalog
    /// images by digest only, and deleting them would break clusters. Set an age to collect them.
    /// </summary>
    public TimeSpan? UntaggedRetention { get; set; }

    /// <summary>How often the server collects on its own; zero turns the schedule off.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Blobs removed per write transaction, so pushes keep flowing during a long sweep.</summary>
    public int BatchSize { get; set; } = 500;
}
