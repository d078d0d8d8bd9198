using System.Collections.Concurrent;
using Appliance.Core.Configuration;
using Appliance.Core.Content;
using Appliance.Core.Names;

namespace Appliance.Core.Upstreams;

/// <summary>
/// One run of copies from upstreams (a sync job's run, a <c>release mirror</c>): the download slots and the byte rate all
/// its images share, what it did so far, and the transfers under way, so two images needing one blob download it once.
/// </summary>
public sealed class CopyRun
{
    private long _manifestsCopied, _manifestsPresent, _blobsCopied, _blobsPresent, _bytes, _tagsSet;

    public CopyRun(SyncOptions options, TimeProvider clock)
    {
        if (options.Concurrency < 1) throw new FormatException($"{SyncOptions.Section}:concurrency must be at least 1, not {options.Concurrency}");
        var rate = string.IsNullOrWhiteSpace(options.BandwidthLimit) ? 0 : ByteSizes.Parse(options.BandwidthLimit, $"{SyncOptions.Section}:bandwidthLimit");
        Concurrency = options.Concurrency;
        Slots = new SemaphoreSlim(options.Concurrency);
        Bandwidth = new BandwidthLimit(rate, clock);
    }

    public int Concurrency { get; }
    internal SemaphoreSlim Slots { get; }
    internal BandwidthLimit Bandwidth { get; }

    /// <summary>Blobs being fetched into the store, by digest (the store's upload spool is per digest).</summary>
    internal ConcurrentDictionary<Digest, Lazy<Task>> Blobs { get; } = new();

    /// <summary>Manifests being copied, by repository and digest.</summary>
    internal ConcurrentDictionary<(RepositoryName, Digest), Lazy<Task<bool>>> Manifests { get; } = new();

    public long ManifestsCopied => Interlocked.Read(ref _manifestsCopied);
    public long ManifestsPresent => Interlocked.Read(ref _manifestsPresent);
    public long BlobsCopied => Interlocked.Read(ref _blobsCopied);
    public long BlobsPresent => Interlocked.Read(ref _blobsPresent);
    public long BytesCopied => Interlocked.Read(ref _bytes);
    public long TagsSet => Interlocked.Read(ref _tagsSet);

    internal void ManifestCopied() => Interlocked.Increment(ref _manifestsCopied);
    internal void ManifestPresent() => Interlocked.Increment(ref _manifestsPresent);
    internal void BlobCopied() => Interlocked.Increment(ref _blobsCopied);
    internal void BlobPresent() => Interlocked.Increment(ref _blobsPresent);
    internal void BytesRead(long bytes) => Interlocked.Add(ref _bytes, bytes);
    internal void TagSet() => Interlocked.Increment(ref _tagsSet);

    /// <summary>"12 manifests and 30 blobs (1.5GiB) copied, 4 manifests and 9 blobs present, 3 tags set".</summary>
    public string Summary() =>
        $"{ManifestsCopied} manifests and {BlobsCopied} blobs ({ByteSizes.Format(BytesCopied)}) copied, "
        + $"{ManifestsPresent} manifests and {BlobsPresent} blobs present, {TagsSet} tags set";
}
