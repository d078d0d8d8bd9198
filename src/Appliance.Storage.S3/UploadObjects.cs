using Amazon.S3;
using Appliance.Core.Storage;

namespace Appliance.Storage.S3;

/// <summary>
/// An upload in progress, as the objects under its key prefix: the <c>started</c> marker and one segment object per
/// append that brought bytes, each a multipart object of <see cref="S3BlobStore.PartBytes"/> parts. S3 parts must be at
/// least 5 MiB except the last, while registry chunks can be any size: the bytes after a segment's last whole part (its
/// tail) are written again at the start of the next segment, so a segment other than the last counts only up to its
/// last whole part. Every segment is a complete object (readable, so any replica can re-hash the upload) that appears
/// whole or not at all, so an append that fails leaves the upload at a length it really has.
/// </summary>
public sealed class UploadObjects
{
    private UploadObjects(List<S3SegmentObject> segments, List<string> keys)
    {
        Segments = segments;
        Keys = keys;
    }

    public IReadOnlyList<S3SegmentObject> Segments { get; }

    /// <summary>Every object of the upload (for deletion).</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The upload's content in order: the counted bytes of each segment.</summary>
    public IEnumerable<CopySource> Content => Segments
        .Select((segment, index) => new CopySource(segment.Key, index == Segments.Count - 1 ? segment.Size : segment.Size - TailOf(segment), segment.Size))
        .Where(source => source.Length > 0);

    public long Length => Content.Sum(c => c.Length);

    /// <summary>The bytes the next segment starts with: the last segment's tail.</summary>
    public (string Key, long Offset, int Length)? CarriedTail =>
        Segments.Count > 0 && TailOf(Segments[^1]) is var tail and > 0 ? (Segments[^1].Key, Segments[^1].Size - tail, tail) : null;

    private static int TailOf(S3SegmentObject segment) => (int)(segment.Size % S3BlobStore.PartBytes);

    /// <summary>Null when the upload does not exist (never started, or deleted).</summary>
    public static async Task<UploadObjects?> ReadAsync(IAmazonS3 s3, string bucket, S3Keys keys, UploadId id, CancellationToken cancellationToken)
    {
        var prefix = keys.Upload(id);
        var started = false;
        var segments = new Dictionary<int, S3SegmentObject>();
        var all = new List<string>();
        await foreach (var item in S3Listing.ObjectsAsync(s3, bucket, prefix, cancellationToken))
        {
            all.Add(item.Key);
            switch (S3Keys.Classify(item.Key[prefix.Length..]))
            {
                case (UploadObjectKind.Started, _): started = true; break;
                case (UploadObjectKind.Segment, var n): segments[n] = new S3SegmentObject(item.Key, item.Size ?? 0); break;
            }
        }
        if (!started) return null;
        var ordered = new List<S3SegmentObject>();
        while (segments.TryGetValue(ordered.Count + 1, out var next)) ordered.Add(next);
        return new UploadObjects(ordered, all);
    }
}

public sealed record S3SegmentObject(string Key, long Size);
