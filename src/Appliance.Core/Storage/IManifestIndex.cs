using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;

namespace Appliance.Core.Storage;

/// <summary>Manifests, tags and the references between them.</summary>
public interface IManifestIndex
{
    Task<StoredManifest?> FindByDigestAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);

    Task<StoredManifest?> FindByTagAsync(RepositoryName repository, string tag, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the manifest, its references and optionally a tag in one transaction, after checking
    /// inside that same transaction that everything it references is present in the repository.
    /// Returns the digests that are missing (and stores nothing) when any are.
    /// </summary>
    Task<IReadOnlyList<Digest>> PutAsync(RepositoryName repository, StoredManifest manifest, ParsedManifest parsed, string? tag,
        CancellationToken cancellationToken);

    /// <summary>Deletes the manifest and every tag that points at it.</summary>
    Task<bool> DeleteAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);

    Task<bool> DeleteTagAsync(RepositoryName repository, string tag, CancellationToken cancellationToken);

    /// <summary>Tags in lexical order after <paramref name="last"/>; null when the repository is unknown.</summary>
    Task<Page<string>?> ListTagsAsync(RepositoryName repository, int limit, string? last, CancellationToken cancellationToken);

    Task<IReadOnlyList<Referrer>> ListReferrersAsync(RepositoryName repository, Digest subject, string? artifactType,
        CancellationToken cancellationToken);

    /// <summary>Every manifest of <paramref name="repository"/> with its tags and times (for migration to another store).</summary>
    IAsyncEnumerable<ManifestRecord> ListRecordsAsync(RepositoryName repository, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a manifest as another store kept it, with its references, times and tags, in one transaction and without
    /// checking its references (the copy must be what the source held). A manifest stored already keeps its row but takes the
    /// record's push time when that is earlier (a copy is never younger than its source); its tags are set to the record's.
    /// Returns whether the manifest was new.
    /// </summary>
    Task<bool> ImportAsync(RepositoryName repository, ManifestRecord record, ParsedManifest parsed, CancellationToken cancellationToken);
}

public sealed record StoredManifest(Digest Digest, string MediaType, ReadOnlyMemory<byte> Content);

public sealed record Referrer(Digest Digest, string MediaType, long Size, string? ArtifactType, string? AnnotationsJson);
