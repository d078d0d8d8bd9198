using Appliance.Core.Content;
using Appliance.Core.Storage;

namespace Appliance.Storage.S3;

/// <summary>
/// Object keys, built only from digests and upload ids: <c>&lt;prefix&gt;/blobs/sha256/ab/&lt;hex&gt;</c> for blobs and
/// <c>&lt;prefix&gt;/uploads/&lt;id&gt;/</c> for an upload in progress (see <see cref="UploadObjects"/>).
/// </summary>
public sealed class S3Keys(string prefix)
{
    private const string StartedName = "started";
    private const string SegmentName = "segment-";

    private readonly string _root = prefix.Trim('/') is { Length: > 0 } trimmed ? trimmed + "/" : "";

    public string Blobs => _root + "blobs/";

    public string Uploads => _root + "uploads/";

    public string Blob(Digest digest) => $"{Blobs}{digest.Algorithm.Name}/{digest.Hex[..2]}/{digest.Hex}";

    public string Quarantined(Digest digest) => $"{_root}quarantine/{digest.Algorithm.Name}-{digest.Hex}";

    public string Probe() => $"{_root}probe-{Guid.NewGuid():N}";

    public string Upload(UploadId id) => $"{Uploads}{id.Value}/";

    /// <summary>The marker that makes an upload exist, even while it holds no bytes.</summary>
    public string Started(UploadId id) => Upload(id) + StartedName;

    /// <summary>What one append wrote (see <see cref="UploadObjects"/>).</summary>
    public string Segment(UploadId id, int number) => $"{Upload(id)}{SegmentName}{number:D5}";

    /// <summary>The digest a blob key names, or false for anything else under <see cref="Blobs"/>.</summary>
    public bool TryParseBlob(string key, out Digest digest)
    {
        digest = default;
        var parts = key[Blobs.Length..].Split('/');
        return parts.Length == 3 && Digest.TryParse($"{parts[0]}:{parts[2]}", out digest) && digest.Hex.StartsWith(parts[1], StringComparison.Ordinal);
    }

    /// <summary>What an object under <see cref="Upload"/> is: the marker, or a segment with its number.</summary>
    public static (UploadObjectKind Kind, int Number) Classify(string name)
    {
        if (name == StartedName) return (UploadObjectKind.Started, 0);
        if (name.StartsWith(SegmentName, StringComparison.Ordinal) && int.TryParse(name[SegmentName.Length..], out var segment))
        {
            return (UploadObjectKind.Segment, segment);
        }
        return (UploadObjectKind.Other, 0);
    }
}

public enum UploadObjectKind { Started, Segment, Other }
