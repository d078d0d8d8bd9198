using System.Text.Json;

namespace Appliance.Testing;

/// <summary>Writes images into an OCI image layout directory, the <c>oci:</c> transport of skopeo.</summary>
public static class OciLayout
{
    public static void Write(string directory, string tag, TestImage image) =>
        Write(directory, tag, image.Manifest, image.Blobs.Append(image.Manifest));

    public static void Write(string directory, string tag, TestIndex index) =>
        Write(directory, tag, index.Manifest, index.Images.SelectMany(i => i.Blobs.Append(i.Manifest)).Append(index.Manifest));

    private static void Write(string directory, string tag, TestBlob top, IEnumerable<TestBlob> blobs)
    {
        var blobDirectory = Path.Combine(directory, "blobs", "sha256");
        Directory.CreateDirectory(blobDirectory);
        foreach (var blob in blobs) File.WriteAllBytes(Path.Combine(blobDirectory, blob.Digest["sha256:".Length..]), blob.Content);
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllBytes(Path.Combine(directory, "index.json"), JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            manifests = new[]
            {
                new
                {
                    mediaType = top.MediaType, digest = top.Digest, size = top.Content.LongLength,
                    annotations = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = tag },
                },
            },
        }));
    }
}
