using Amazon.S3;
using Amazon.S3.Model;
using Appliance.Core.Storage;

namespace Appliance.Storage.S3;

/// <summary>
/// An upload in progress, as the objects under its key prefix: the <c>started</c> marker, parts 1..N of exactly
/// <see cref="S3BlobStore.PartBytes"/> each and <c>tail-N</c>, the bytes after part N that do not fill a part yet. The
/// whole state lives in the bucket, so any replica can continue, hash or publish the upload. Parts are written one at a
/// time in order, each before the tail that follows it, and a tail counts only when its number is the number of parts:
/// an append that fails half-way leaves the upload at a length it really has.
/// </summary>
public sealed class UploadObjects
{
    private UploadObjects(List<S3Object> parts, S3Object? tail, List<string> keys)
    {
        Parts = parts;
        Tail = tail;
        Keys = keys;
    }

    public IReadOnlyList<S3Object> Parts { get; }

    public S3Object? Tail { get; }

    /// <summary>Every object of the upload, stale tails included (for deletion).</summary>
    public IReadOnlyList<string> Keys { get; }

    public long Length => Parts.Sum(p => p.Size ?? 0) + (Tail?.Size ?? 0);

    /// <summary>The parts, then the tail when it holds bytes: the upload's content in order.</summary>
    public IEnumerable<S3Object> Content => Tail is { Size: > 0 } tail ? Parts.Append(tail) : Parts;

    /// <summary>Tails that an append since replaced.</summary>
    public IEnumerable<string> StaleTails(S3Keys keys, UploadId id, int currentParts) =>
        Keys.Where(k => S3Keys.Classify(k[keys.Upload(id).Length..]) is (UploadObjectKind.Tail, var n) && n != currentParts);

    /// <summary>Null when the upload does not exist (never started, or deleted).</summary>
    public static async Task<UploadObjects?> ReadAsync(IAmazonS3 s3, string bucket, S3Keys keys, UploadId id, CancellationToken cancellationToken)
    {
        var prefix = keys.Upload(id);
        var started = false;
        var parts = new SortedDictionary<int, S3Object>();
        var tails = new Dictionary<int, S3Object>();
        var all = new List<string>();
        await foreach (var item in S3Listing.ObjectsAsync(s3, bucket, prefix, cancellationToken))
        {
            all.Add(item.Key);
            switch (S3Keys.Classify(item.Key[prefix.Length..]))
            {
                case (UploadObjectKind.Started, _): started = true; break;
                case (UploadObjectKind.Part, var n): parts[n] = item; break;
                case (UploadObjectKind.Tail, var n): tails[n] = item; break;
            }
        }
        if (!started) return null;
        var ordered = new List<S3Object>();
        while (parts.TryGetValue(ordered.Count + 1, out var next)) ordered.Add(next);
        return new UploadObjects(ordered, tails.GetValueOrDefault(ordered.Count), all);
    }
}
