using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Appliance.Testing;

/// <summary>
/// Builds real images locally (gzip'd tar layers, config with diff_ids, manifests, indexes) in the
/// OCI or Docker schema 2 formats, so client tests need no network.
/// </summary>
public static class TestImages
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    // Real clients write '+' in media types literally; the default encoder would escape it as \u002B.
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A gzip'd tar holding one file of <paramref name="size"/> pseudo-random bytes (same seed, same layer).</summary>
    public static TestBlob Layer(int size, int seed, bool docker = false)
    {
        var content = new byte[size];
        new Random(seed).NextBytes(content);
        return LayerOf([($"data-{seed}.bin", content)], docker);
    }

    /// <summary>A gzip'd tar of the given files, in order.</summary>
    public static TestBlob LayerOf(IEnumerable<(string Name, byte[] Content)> files, bool docker = false)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(content), ModificationTime = DateTimeOffset.UnixEpoch,
                });
            }
        }
        using var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true)) compressor.Write(tar.ToArray());
        return new TestBlob(gzip.ToArray(), docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : "application/vnd.oci.image.layer.v1.tar+gzip");
    }

    public static TestImage Image(int layerCount, int layerSize, int seed, bool docker = false, string architecture = "amd64",
        IEnumerable<TestBlob>? sharedLayers = null)
    {
        var layers = (sharedLayers ?? []).Concat(Enumerable.Range(0, layerCount).Select(i => Layer(layerSize, seed * 1000 + i, docker))).ToList();
        return ImageOf(layers, docker, architecture, seed);
    }

    /// <param name="labels">The config's labels (an operator catalog's, say); none by default.</param>
    public static TestImage ImageOf(IReadOnlyList<TestBlob> layers, bool docker, string architecture, int seed,
        IReadOnlyDictionary<string, string>? labels = null)
    {
        var diffIds = layers.Select(l => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Gunzip(l.Content)))).ToArray();
        var env = new[] { $"SEED={seed}" };
        var config = new TestBlob(JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture, os = "linux", created = "2026-01-01T00:00:00Z",
            config = labels is null ? (object)new { Env = env } : new { Env = env, Labels = labels },
            rootfs = new { type = "layers", diff_ids = diffIds },
        }, Json), docker ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json");
        var mediaType = docker ? DockerManifest : OciManifest;
        var manifest = new TestBlob(JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2, mediaType, config = config.Descriptor, layers = layers.Select(l => l.Descriptor).ToArray(),
        }, Json), mediaType);
        return new TestImage(config, layers, manifest);
    }

    /// <summary>A multi-architecture index (OCI) or manifest list (Docker) over the given images.</summary>
    public static TestIndex Index(IReadOnlyList<TestImage> images, bool docker = false)
    {
        var architectures = new[] { "amd64", "arm64", "ppc64le", "s390x" };
        var mediaType = docker ? DockerManifestList : OciIndex;
        var manifest = new TestBlob(JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2, mediaType,
            manifests = images.Select((image, i) => new
            {
                mediaType = image.Manifest.MediaType, digest = image.Digest, size = image.Manifest.Content.LongLength,
                platform = new { architecture = architectures[i % architectures.Length], os = "linux" },
            }).ToArray(),
        }, Json), mediaType);
        return new TestIndex(images, manifest);
    }

    /// <summary>The empty config blob OCI artifacts use.</summary>
    public static TestBlob EmptyConfig { get; } = new("{}"u8.ToArray(), "application/vnd.oci.empty.v1+json");

    /// <summary>An OCI 1.1 artifact (e.g. a signature or SBOM) whose subject is <paramref name="subject"/>.</summary>
    public static TestImage Artifact(string artifactType, TestBlob subject, string payload)
    {
        var layer = new TestBlob(System.Text.Encoding.UTF8.GetBytes(payload), "application/octet-stream");
        var manifest = new TestBlob(JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2, mediaType = OciManifest, artifactType, config = EmptyConfig.Descriptor,
            layers = new[] { layer.Descriptor },
            subject = new { mediaType = subject.MediaType, digest = subject.Digest, size = subject.Content.LongLength },
            annotations = new Dictionary<string, string> { ["org.example.payload"] = payload },
        }, Json), OciManifest);
        return new TestImage(EmptyConfig, [layer], manifest);
    }

    private static byte[] Gunzip(byte[] content)
    {
        using var input = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
