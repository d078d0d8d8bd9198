using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>
/// Writes distribution's filesystem storage exactly as it stands after images were pushed and their manifests
/// deleted: every blob (manifest, config, layers) under blobs/, the repositories' layer links, and the emptied
/// revision directories. Pushing 10,000 manifests through distribution's API took 7-8 minutes of a
/// 15-minute budget; its garbage collector finds the same work either way, which the benchmark checks from the
/// count it reports.
/// </summary>
public sealed class DistributionStorageWriter(string storageRoot)
{
    private string Root => Path.Combine(storageRoot, "docker", "registry", "v2");

    public void WriteDeleted(string repository, TestImage image)
    {
        var repositoryRoot = Path.Combine(Root, "repositories", repository);
        // Deleting a manifest removes its revision link but leaves the directory that held it.
        Directory.CreateDirectory(Path.Combine(repositoryRoot, "_manifests", "revisions", "sha256", image.Digest[7..]));
        Directory.CreateDirectory(Path.Combine(repositoryRoot, "_manifests", "tags"));
        Directory.CreateDirectory(Path.Combine(repositoryRoot, "_uploads"));
        foreach (var blob in image.Blobs.Append(image.Manifest))
        {
            var hex = blob.Digest[7..];
            var blobDirectory = Path.Combine(Root, "blobs", "sha256", hex[..2], hex);
            Directory.CreateDirectory(blobDirectory);
            File.WriteAllBytes(Path.Combine(blobDirectory, "data"), blob.Content);
        }
        foreach (var blob in image.Blobs)
        {
            var linkDirectory = Path.Combine(repositoryRoot, "_layers", "sha256", blob.Digest[7..]);
            Directory.CreateDirectory(linkDirectory);
            File.WriteAllText(Path.Combine(linkDirectory, "link"), blob.Digest);
        }
    }
}
