namespace Appliance.Core.Upstreams;

/// <summary>How copies from upstreams (sync jobs, <c>release mirror</c>) use the network; bound from the <c>sync</c> section.</summary>
public sealed class SyncOptions
{
    public const string Section = "sync";

    /// <summary>Blobs downloaded at once, across all images of one run.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Upper bound on the bytes per second one run downloads (<c>100MiB</c>, <c>1GB</c>); empty or 0 for no limit.</summary>
    public string? BandwidthLimit { get; set; }

    /// <summary>How often a scheduled sync looks for jobs that are due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
}
