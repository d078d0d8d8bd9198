namespace Appliance.Import.Quay;

/// <summary>How a problem names a live image: repository:tag for each tag on it, repository@digest for an untagged index child.</summary>
internal sealed class QuayImageNames(QuaySnapshot snapshot)
{
    private readonly Dictionary<long, QuayRepository> _repositories = snapshot.Repositories.ToDictionary(r => r.Id);
    private readonly ILookup<long, QuayTag> _tags = snapshot.Tags.ToLookup(t => t.ManifestId);

    public string RepositoryOf(QuayManifest manifest) => _repositories[manifest.RepositoryId].Path;

    public IEnumerable<string> Of(QuayManifest manifest)
    {
        var repository = RepositoryOf(manifest);
        return _tags.Contains(manifest.Id) ? _tags[manifest.Id].Select(t => $"{repository}:{t.Name}") : [$"{repository}@{manifest.Digest}"];
    }

    /// <summary>Blob id to the images needing it, in order.</summary>
    public Dictionary<long, SortedSet<string>> ByBlob()
    {
        var needing = new Dictionary<long, SortedSet<string>>();
        foreach (var (manifestId, blobIds) in snapshot.ManifestBlobs)
        {
            foreach (var blob in blobIds)
            {
                if (!needing.TryGetValue(blob, out var images)) needing[blob] = images = new SortedSet<string>(StringComparer.Ordinal);
                images.UnionWith(Of(snapshot.Manifests[manifestId]));
            }
        }
        return needing;
    }
}
