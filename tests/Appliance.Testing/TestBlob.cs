using System.Security.Cryptography;

namespace Appliance.Testing;

/// <summary>Bytes with a media type, as they appear behind a descriptor.</summary>
public sealed record TestBlob(byte[] Content, string MediaType)
{
    public string Digest { get; } = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Content));

    public object Descriptor => new { mediaType = MediaType, digest = Digest, size = Content.LongLength };
}

public sealed record TestImage(TestBlob Config, IReadOnlyList<TestBlob> Layers, TestBlob Manifest)
{
    public string Digest => Manifest.Digest;
    public IEnumerable<TestBlob> Blobs => Layers.Prepend(Config);
}

public sealed record TestIndex(IReadOnlyList<TestImage> Images, TestBlob Manifest)
{
    public string Digest => Manifest.Digest;
}
