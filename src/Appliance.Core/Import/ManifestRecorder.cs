using Appliance.Core.Content;
using Appliance.Core.Errors;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Core.Import;

/// <summary>
/// Records the foreign repositories' manifests once all blobs are in, one image at a time and each atomically: an image
/// manifest only when every blob it names is in the store (taken in now, or here before), linked into its repository first;
/// an index only after its children that the content holds. The manifest index's own check, inside the transaction that
/// stores the manifest, is the last word (see README.md).
/// </summary>
internal sealed class ManifestRecorder(
    IBlobStore store,
    IBlobIndex blobIndex,
    IManifestIndex manifests,
    ManifestParser parser,
    IndexChildPolicy childPolicy,
    int maxManifestBytes,
    BlobIntake blobs,
    IReadOnlyList<RepositoryName> targets,
    TimeProvider clock,
    List<string> problems,
    Func<ImportedImage, CancellationToken, Task> imported)
{
    private readonly Dictionary<Digest, (StoredManifest Manifest, ParsedManifest Parsed)> _read = [];
    private readonly SortedDictionary<Digest, List<string>> _missing = new(Comparer<Digest>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString())));

    private readonly List<ImportedImage> _tagged = [];

    public IReadOnlyList<ImportedImage> TaggedImages => _tagged;

    public long Imported { get; private set; }
    public long Present { get; private set; }
    public long TagsSet { get; private set; }

    public async Task RecordAsync(RepositoryName target, ForeignRepository repository, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<Digest, string?>();
        foreach (var digest in repository.Manifests.OrderBy(d => d.ToString(), StringComparer.Ordinal))
        {
            await RecordAsync(target, repository, digest, outcomes, cancellationToken);
        }
        await KeepForeignTimesAsync(target, repository, [.. outcomes.Where(o => o.Value is null).Select(o => o.Key)], cancellationToken);
    }

    /// <summary>
    /// Gives the repository's manifests and tags the times the content records (when they were pushed and set there) instead
    /// of the import's. Only once the whole repository is in: an index child dated back before its index lists it would be
    /// old enough for garbage collection running beside the import.
    /// </summary>
    private async Task KeepForeignTimesAsync(RepositoryName target, ForeignRepository repository, IReadOnlyList<Digest> stored,
        CancellationToken cancellationToken)
    {
        foreach (var digest in stored)
        {
            var tags = repository.TagsOf(digest).Where(repository.TagSetAt.ContainsKey).Select(t => new TagRecord(t, repository.TagSetAt[t])).ToList();
            var pushed = repository.PushedAt.TryGetValue(digest, out var at) ? at : tags.Count > 0 ? tags.Min(t => t.UpdatedAt) : (DateTimeOffset?)null;
            if (pushed is null || await manifests.FindByDigestAsync(target, digest, cancellationToken) is not { } manifest) continue;
            await manifests.ImportAsync(target, new ManifestRecord(manifest, pushed.Value, EverListedByIndex: false, tags),
                parser.Parse(manifest.Content, manifest.MediaType), cancellationToken);
        }
    }

    /// <summary>One line per blob that neither the content nor this registry has, naming the images that need it.</summary>
    public void ReportMissing()
    {
        foreach (var (digest, images) in _missing)
        {
            problems.Add($"missing blob {digest}: neither in the content nor in this registry; needed by {string.Join(", ", images)}");
        }
    }

    /// <returns>Why the manifest was not stored; null when it is in the repository now.</returns>
    private async Task<string?> RecordAsync(RepositoryName target, ForeignRepository repository, Digest digest, Dictionary<Digest, string?> outcomes,
        CancellationToken cancellationToken)
    {
        if (outcomes.TryGetValue(digest, out var known)) return known;
        outcomes[digest] = "it lists itself";
        var reason = await StoreAsync(target, repository, digest, outcomes, cancellationToken);
        outcomes[digest] = reason;
        if (reason is not null) problems.Add($"not stored: {target}@{digest}: {reason}");
        return reason;
    }

    private async Task<string?> StoreAsync(RepositoryName target, ForeignRepository repository, Digest digest, Dictionary<Digest, string?> outcomes,
        CancellationToken cancellationToken)
    {
        var tags = repository.TagsOf(digest);
        if (await manifests.FindByDigestAsync(target, digest, cancellationToken) is { } stored)
        {
            // Imported before (a rerun, an earlier archive): only tags that moved are set.
            Present++;
            if (tags.Count > 0) _tagged.Add(new ImportedImage(target, digest, tags));
            var parsedBefore = parser.Parse(stored.Content, stored.MediaType);
            foreach (var tag in tags)
            {
                if ((await manifests.FindByTagAsync(target, tag, cancellationToken))?.Digest == digest) continue;
                await manifests.PutAsync(target, stored, parsedBefore, tag, cancellationToken);
                TagsSet++;
            }
            return null;
        }
        var (manifest, parsed, unreadable) = await ReadAsync(target, digest, cancellationToken);
        if (unreadable is not null) return unreadable;
        if (parsed!.IsIndex)
        {
            // As for a push: a sparse index (oc-mirror's platform filter) is stored without the children it does not carry.
            parsed = parsed with { RequiredChildren = childPolicy.RequiredChildren(parsed) };
            foreach (var child in parsed.Children.Where(c => repository.Manifests.Contains(c.Digest)))
            {
                if (await RecordAsync(target, repository, child.Digest, outcomes, cancellationToken) is not null) return $"its child {child.Digest} is not stored";
            }
        }
        else if (await LinkBlobsAsync(target, digest, parsed, cancellationToken) is { } lacking) return lacking;

        var missing = await manifests.PutAsync(target, manifest!, parsed, tags.FirstOrDefault(), cancellationToken);
        if (missing.Count > 0) return $"it references {string.Join(", ", missing)}, not in the repository";
        foreach (var tag in tags.Skip(1)) await manifests.PutAsync(target, manifest!, parsed, tag, cancellationToken);
        (Imported, TagsSet) = (Imported + 1, TagsSet + tags.Count);
        if (tags.Count > 0) _tagged.Add(new ImportedImage(target, digest, tags));
        await imported(new ImportedImage(target, digest, tags), cancellationToken);
        return null;
    }

    /// <summary>
    /// Links the image's blobs into the repository, once all are in the store; then checks their bytes again, since only a
    /// link keeps garbage collection (which may run beside an import) off a blob no manifest names yet.
    /// </summary>
    private async Task<string?> LinkBlobsAsync(RepositoryName target, Digest digest, ParsedManifest parsed, CancellationToken cancellationToken)
    {
        var needed = parsed.Blobs.Where(b => !b.IsExternal).Select(b => b.Digest).Distinct().ToList();
        var lacking = new List<Digest>();
        foreach (var blob in needed)
        {
            if (blobs.DamageOf(blob) is { } damage) return $"its blob {blob} is {damage}";
            if (!await blobs.HasAsync(blob, cancellationToken)) lacking.Add(blob);
        }
        if (lacking.Count > 0)
        {
            foreach (var blob in lacking) NoteMissing(blob, target, digest);
            return $"{lacking.Count} of its blobs are missing";
        }
        var now = clock.GetUtcNow();
        await blobIndex.ImportLinksAsync(target, [.. needed.Select(b => new BlobLink(b, now))], cancellationToken);
        foreach (var blob in needed)
        {
            if (await store.FindAsync(blob, cancellationToken) is null) return $"its blob {blob} was removed (by garbage collection) before it was linked";
        }
        return null;
    }

    /// <summary>The manifest's bytes: a blob of the content (or of this registry), or a manifest of another repository here.</summary>
    private async Task<(StoredManifest? Manifest, ParsedManifest? Parsed, string? Unreadable)> ReadAsync(RepositoryName target, Digest digest,
        CancellationToken cancellationToken)
    {
        if (_read.TryGetValue(digest, out var read)) return (read.Manifest, read.Parsed, null);
        if (blobs.DamageOf(digest) is { } damage) return (null, null, $"its manifest is {damage}");
        byte[]? content = null;
        if (await blobs.HasAsync(digest, cancellationToken))
        {
            if ((await store.FindAsync(digest, cancellationToken))?.Length > maxManifestBytes) return (null, null, $"its manifest is larger than the {maxManifestBytes} byte limit");
            await using var bytes = await store.OpenReadAsync(digest, 0, null, cancellationToken);
            using var buffer = new MemoryStream();
            await bytes.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }
        else
        {
            foreach (var repository in targets)
            {
                if (await manifests.FindByDigestAsync(repository, digest, cancellationToken) is { } elsewhere)
                {
                    content = elsewhere.Content.ToArray();
                    break;
                }
            }
        }
        if (content is null)
        {
            NoteMissing(digest, target, digest);
            return (null, null, "its manifest's bytes are missing");
        }
        if (Digest.Compute(digest.Algorithm, content) != digest) return (null, null, "its manifest's bytes do not match its digest");
        ParsedManifest parsed;
        try
        {
            parsed = parser.Parse(content, contentType: null);
        }
        catch (RegistryException e)
        {
            return (null, null, $"not a valid manifest ({e.Message})");
        }
        var manifest = new StoredManifest(digest, parsed.MediaType, content);
        _read[digest] = (manifest, parsed);
        return (manifest, parsed, null);
    }

    private void NoteMissing(Digest blob, RepositoryName target, Digest image)
    {
        if (!_missing.TryGetValue(blob, out var images)) _missing[blob] = images = [];
        images.Add($"{target}@{image}");
    }
}
