using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>
/// Writes OCI layouts for skopeo. The big layer streams to disk through a stored (uncompressed)
/// gzip wrapper, hashed while written, so a 512 MiB layer never sits in memory.
/// </summary>
public static class LayoutWriter
{
    public static string WriteBigLayerImage(string directory, long size, int seed)
    {
        var blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        var temporary = Path.Combine(directory, "layer.tmp");
        using var compressed = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var uncompressed = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long compressedLength;
        using (var file = File.Create(temporary))
        {
            using var hashing = new HashingStream(file, compressed);
            using (var gzip = new GZipStream(hashing, CompressionLevel.NoCompression, leaveOpen: true))
            using (var tarHash = new HashingStream(gzip, uncompressed))
            using (var tar = new TarWriter(tarHash, TarEntryFormat.Pax, leaveOpen: true))
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "payload.bin") { DataStream = new RandomStream(size, seed) });
            }
            compressedLength = hashing.Written;
        }
        var layer = new TestBlob([], "application/vnd.oci.image.layer.v1.tar+gzip");
        var layerDigest = "sha256:" + Convert.ToHexStringLower(compressed.GetHashAndReset());
        File.Move(temporary, Path.Combine(blobs, layerDigest[7..]));
        var diffId = "sha256:" + Convert.ToHexStringLower(uncompressed.GetHashAndReset());

        var config = new TestBlob(JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64", os = "linux", rootfs = new { type = "layers", diff_ids = new[] { diffId } },
        }), "application/vnd.oci.image.config.v1+json");
        var manifest = new TestBlob(JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2, mediaType = TestImages.OciManifest, config = config.Descriptor,
            layers = new[] { new { mediaType = layer.MediaType, digest = layerDigest, size = compressedLength } },
        }), TestImages.OciManifest);
        foreach (var blob in new[] { config, manifest }) File.WriteAllBytes(Path.Combine(blobs, blob.Digest[7..]), blob.Content);
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllBytes(Path.Combine(directory, "index.json"), JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            manifests = new[] { new { mediaType = manifest.MediaType, digest = manifest.Digest, size = manifest.Content.Length,
                annotations = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = "v1" } } },
        }));
        return directory;
    }

    /// <summary>Hashes what passes through on its way to the inner stream.</summary>
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public long Written { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            Written += buffer.Length;
            inner.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
