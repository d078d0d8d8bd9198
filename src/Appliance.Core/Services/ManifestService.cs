using Appliance.Core.Configuration;
using Appliance.Core.Content;
using Appliance.Core.Errors;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Quotas;
using Appliance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Appliance.Core.Services;

public sealed class ManifestService(IManifestIndex index, ManifestParser parser, IndexChildPolicy childPolicy, QuotaGate quotas,
    IOptions<RegistryOptions> options)
{
    public Task<StoredManifest?> FindAsync(RepositoryName repository, ManifestReference reference, CancellationToken cancellationToken) =>
        reference.Digest is { } digest
            ? index.FindByDigestAsync(repository, digest, cancellationToken)
            : index.FindByTagAsync(repository, reference.Tag!, cancellationToken);

    /// <summary>Stores the exact bytes pushed, once everything they reference is in the repository.</summary>
    public async Task<PushedManifest> PutAsync(RepositoryName repository, ManifestReference reference, ReadOnlyMemory<byte> content,
        string? contentType, CancellationToken cancellationToken)
    {
        if (content.Length > options.Value.MaxManifestBytes) throw TooLarge(options.Value.MaxManifestBytes);

        var digest = Digest.Compute(reference.Digest?.Algorithm ?? DigestAlgorithm.Sha256, content.Span);
        if (reference.Digest is { } claimed && claimed != digest)
        {
            throw new RegistryException(OciErrorCode.DigestInvalid, $"manifest content has digest {digest}, not {claimed}",
                new { expected = claimed.ToString(), actual = digest.ToString() });
        }

        var parsed = parser.Parse(content, contentType);
        await quotas.EnsurePublishAllowedAsync(repository, cancellationToken);
        if (parsed.IsIndex) parsed = parsed with { RequiredChildren = childPolicy.RequiredChildren(parsed) };
        var stored = new StoredManifest(digest, parsed.MediaType, content);
        var missing = await index.PutAsync(repository, stored, parsed, reference.Tag, cancellationToken);
        if (missing.Count > 0)
        {
            throw new RegistryException(OciErrorCode.ManifestBlobUnknown,
                $"manifest references {missing.Count} blob(s) or manifest(s) not in repository {repository}, first {missing[0]}",
                new { digests = missing.Select(d => d.ToString()).ToArray() });
        }
        return new PushedManifest(digest, parsed.Subject);
    }

    /// <summary>By digest the manifest goes (with its tags); by tag only the tag goes (OCI 1.1).</summary>
    public async Task DeleteAsync(RepositoryName repository, ManifestReference reference, CancellationToken cancellationToken)
    {
        if (!options.Value.DeleteEnabled) throw BlobService.DeletesDisabled();
        var deleted = reference.Digest is { } digest
            ? await index.DeleteAsync(repository, digest, cancellationToken)
            : await index.DeleteTagAsync(repository, reference.Tag!, cancellationToken);
        if (!deleted)
        {
            throw new RegistryException(OciErrorCode.ManifestUnknown, $"manifest {reference} is not in repository {repository}");
        }
    }

    public static RegistryException TooLarge(int limit) =>
        new(OciErrorCode.ManifestTooLarge, $"manifest is larger than the {limit} byte limit", new { limit });
}

public sealed record PushedManifest(Digest Digest, Digest? Subject);
