using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Appliance.Installer.Tests;

/// <summary>A one-layer image in an OCI layout directory, for skopeo to push; the layer bytes are unique per image.</summary>
public static class OciImage
{
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";

    public static string Write(string directory, string tag)
    {
        var blobs = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        var layer = Blob(blobs, RandomNumberGenerator.GetBytes(64 * 1024));
        var config = Blob(blobs, Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"""));
        var manifest = Blob(blobs, JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2, mediaType = ManifestType,
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = config.Digest, size = config.Size },
            layers = new[] { new { mediaType = "application/vnd.oci.image.layer.v1.tar", digest = layer.Digest, size = layer.Size } },
        }));
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllBytes(Path.Combine(directory, "index.json"), JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            manifests = new[]
            {
                new { mediaType = ManifestType, digest = manifest.Digest, size = manifest.Size, annotations = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = tag } },
            },
        }));
        return manifest.Digest;
    }

    private static (string Digest, int Size) Blob(string blobs, byte[] content)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        File.WriteAllBytes(Path.Combine(blobs, hex), content);
        return ($"sha256:{hex}", content.Length);
    }
}
