using Appliance.Core.Content;

namespace Appliance.Core.Names;

/// <summary>The &lt;reference&gt; of a manifest URL: either a tag or a digest.</summary>
public readonly record struct ManifestReference
{
    private ManifestReference(string? tag, Digest? digest)
    {
        Tag = tag;
        Digest = digest;
    }

    public string? Tag { get; }
    public Digest? Digest { get; }
    public bool IsDigest => Digest is not null;

    public static ManifestReference ForTag(string tag) => new(tag, null);
    public static ManifestReference ForDigest(Digest digest) => new(null, digest);

    /// <summary>Anything containing ':' is meant as a digest (tags cannot contain it).</summary>
    public static bool TryParse(string value, out ManifestReference reference)
    {
        reference = default;
        if (value.Contains(':'))
        {
            if (!Content.Digest.TryParse(value, out var digest)) return false;
            reference = ForDigest(digest);
            return true;
        }
        if (!Names.Tag.IsValid(value)) return false;
        reference = ForTag(value);
        return true;
    }

    public override string ToString() => Tag ?? Digest!.Value.ToString();
}
