using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Storage.Contract.Tests;

/// <summary>Blobs and manifests for the contracts: real OCI JSON, parsed by the registry's own parser.</summary>
public static class TestContent
{
    private static readonly ManifestParser Parser = new();

    public static RepositoryName Repository(string name) => RepositoryName.Parse($"contract/{name}");

    public static TestBlob Blob(int size = 1000)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        return new TestBlob(bytes);
    }

    /// <summary>An OCI image manifest over <paramref name="config"/> and <paramref name="layers"/>; a referrer when it has a subject.</summary>
    public static TestManifest Image(TestBlob config, IEnumerable<TestBlob> layers, TestManifest? subject = null, string? artifactType = null)
    {
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciManifest,
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", config.Digest, config.Size),
            ["layers"] = new JsonArray([.. layers.Select(l => Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", l.Digest, l.Size))]),
            // Different content per call, so two manifests over the same blobs have different digests.
            ["annotations"] = new JsonObject { ["contract.nonce"] = Guid.NewGuid().ToString("N") },
        };
        if (artifactType is not null) manifest["artifactType"] = artifactType;
        if (subject is not null) manifest["subject"] = Descriptor(subject.MediaType, subject.Digest, subject.Size);
        return Parse(manifest);
    }

    public static TestManifest Image(params TestBlob[] blobs) => Image(blobs[0], blobs[1..]);

    public static TestManifest Index(params TestManifest[] children) => Parse(new JsonObject
    {
        ["schemaVersion"] = 2,
        ["mediaType"] = MediaTypes.OciIndex,
        ["manifests"] = new JsonArray([.. children.Select(c => Descriptor(c.MediaType, c.Digest, c.Size))]),
        ["annotations"] = new JsonObject { ["contract.nonce"] = Guid.NewGuid().ToString("N") },
    });

    private static JsonObject Descriptor(string mediaType, Digest digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest.ToString(), ["size"] = size };

    private static TestManifest Parse(JsonObject json)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(json);
        var parsed = Parser.Parse(bytes, contentType: null);
        return new TestManifest(new StoredManifest(Digest.Sha256(bytes), parsed.MediaType, bytes), parsed);
    }
}

public sealed record TestBlob(byte[] Bytes)
{
    public Digest Digest { get; } = Digest.Sha256(Bytes);

    public long Size => Bytes.LongLength;
}

public sealed record TestManifest(StoredManifest Stored, ParsedManifest Parsed)
{
    public Digest Digest => Stored.Digest;

    public string MediaType => Stored.MediaType;

    public long Size => Stored.Content.Length;
}
