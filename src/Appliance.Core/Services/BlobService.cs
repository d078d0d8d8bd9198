using Appliance.Core.Configuration;
using Appliance.Core.Content;
using Appliance.Core.Errors;
using Appliance.Core.Names;
using Appliance.Core.Quotas;
using Appliance.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Appliance.Core.Services;

/// <summary>Reading, mounting and unlinking blobs that are already committed.</summary>
public sealed class BlobService(IBlobStore blobStore, IBlobIndex blobIndex, QuotaGate quotas, IOptions<RegistryOptions> options, ILogger<BlobService> logger)
{
    /// <summary>The blob as the repository serves it, or null when the repository does not have it.</summary>
    public async Task<StoredBlob?> FindAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        var size = await blobIndex.GetLinkedSizeAsync(repository, digest, cancellationToken);
        if (size is null) return null;
        var stored = await blobStore.FindAsync(digest, cancellationToken);
        if (stored is null || stored.Length != size)
        {
            // Never serve bytes that cannot be the blob: the client is told it is unknown and can push it again.
            logger.LogError("Blob {Digest} in {Repository} is {Problem} on disk; refusing to serve it",
                digest, repository, stored is null ? "missing" : $"{stored.Length} bytes instead of {size}");
            return null;
        }
        return stored;
    }

    /// <summary>Streams bytes of a blob that <see cref="FindAsync"/> found.</summary>
    public Task<Stream> OpenReadAsync(Digest digest, long offset, long? length, CancellationToken cancellationToken) =>
        blobStore.OpenReadAsync(digest, offset, length, cancellationToken);

    /// <summary>The local file of a blob that <see cref="FindAsync"/> found, when the store keeps blobs as files (<see cref="IBlobFileAccess"/>).</summary>
    public string? FileOf(Digest digest) => (blobStore as IBlobFileAccess)?.FileOf(digest);

    /// <summary>Where clients may fetch the blob directly, when the store offers that.</summary>
    public Uri? GetDownloadUrl(Digest digest) => blobStore.GetDownloadUrl(digest);

    public async Task<bool> MountAsync(RepositoryName repository, Digest digest, RepositoryName source, CancellationToken cancellationToken)
    {
        await quotas.EnsurePublishAllowedAsync(repository, cancellationToken);
        return await blobIndex.MountAsync(repository, digest, source, cancellationToken);
    }

    public async Task DeleteAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        if (!options.Value.DeleteEnabled) throw DeletesDisabled();
        if (!await blobIndex.UnlinkAsync(repository, digest, cancellationToken))
        {
            throw new RegistryException(OciErrorCode.BlobUnknown, $"blob {digest} is not in repository {repository}");
        }
    }

    internal static RegistryException DeletesDisabled() =>
        new(OciErrorCode.Unsupported, "deletes are disabled on this registry (registry.deleteEnabled)");
}
