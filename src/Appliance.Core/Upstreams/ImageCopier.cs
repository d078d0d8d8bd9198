using Appliance.Core.Content;
using Appliance.Core.Errors;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Services;
using Appliance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Appliance.Core.Upstreams;

/// <summary>
/// Copies images from an upstream into a local repository the way a push stores them: blobs through the publish path
/// (hashed while written, refused when the digest or size differs), linked once all are in, then the manifest's exact
/// bytes (an index after its wanted children). What the repository has already is not fetched again, so a run that was
/// stopped resumes where it was; a blob stored for another repository is linked, not downloaded.
/// </summary>
public sealed class ImageCopier(IBlobStore store, IBlobIndex blobIndex, ManifestService manifests, ManifestParser parser,
    IOptions<SyncOptions> options, TimeProvider clock)
{
    private const int Attempts = 3;
    private readonly BlobPublisher _publisher = new(store, blobIndex);

    public CopyRun StartRun() => new(options.Value, clock);

    /// <summary>
    /// Copies the image <paramref name="reference"/> names in <paramref name="source"/> into <paramref name="target"/>, an
    /// index with its children for <paramref name="platforms"/> (all when empty), and the referrers of the image (signatures,
    /// SBOMs) the upstream lists. A tag is set to what it names upstream.
    /// </summary>
    public async Task<CopiedImage> CopyAsync(UpstreamRepository source, ManifestReference reference, RepositoryName target,
        IReadOnlyList<string> platforms, CopyRun run, CancellationToken cancellationToken)
    {
        var wanted = IndexChildPolicy.Parse(platforms.Count == 0 ? [IndexChildPolicy.All] : platforms);
        CopiedImage copied;
        if (reference.Digest is { } digest)
        {
            copied = new CopiedImage(target, digest, await CopyByDigestAsync(source, target, digest, wanted, run, cancellationToken));
        }
        else copied = await CopyTagAsync(source, reference.Tag!, target, wanted, run, cancellationToken);
        await CopyReferrersAsync(source, target, copied.Digest, run, cancellationToken);
        return copied;
    }

    private async Task<CopiedImage> CopyTagAsync(UpstreamRepository source, string tag, RepositoryName target, IndexChildPolicy wanted,
        CopyRun run, CancellationToken cancellationToken)
    {
        var head = await source.Registry.HeadManifestAsync(source.Repository, ManifestReference.ForTag(tag), cancellationToken)
            ?? throw NotUpstream(source, tag);
        if ((await manifests.FindAsync(target, ManifestReference.ForTag(tag), cancellationToken))?.Digest == head.Digest)
        {
            run.ManifestPresent();
            return new CopiedImage(target, head.Digest, New: false);
        }
        var isNew = await CopyByDigestAsync(source, target, head.Digest, wanted, run, cancellationToken);
        var stored = await manifests.FindAsync(target, ManifestReference.ForDigest(head.Digest), cancellationToken)
            ?? throw new ImageCopyException($"{target}@{head.Digest} was removed (by garbage collection) before {tag} was set");
        await manifests.PutAsync(target, ManifestReference.ForTag(tag), stored.Content, stored.MediaType, cancellationToken);
        run.TagSet();
        return new CopiedImage(target, head.Digest, isNew);
    }

    /// <returns>True when this copy stored the manifest; false when the repository had it.</returns>
    private Task<bool> CopyByDigestAsync(UpstreamRepository source, RepositoryName target, Digest digest, IndexChildPolicy wanted, CopyRun run,
        CancellationToken cancellationToken) =>
        run.Manifests.GetOrAdd((target, digest), _ => new Lazy<Task<bool>>(async () =>
        {
            if (await manifests.FindAsync(target, ManifestReference.ForDigest(digest), cancellationToken) is not null)
            {
                run.ManifestPresent();
                return false;
            }
            var manifest = await source.Registry.GetManifestAsync(source.Repository, ManifestReference.ForDigest(digest), cancellationToken)
                ?? throw NotUpstream(source, digest.ToString());
            if (Digest.Compute(digest.Algorithm, manifest.Content) != digest)
            {
                throw new UpstreamException(UpstreamFailure.DigestMismatch, source.Registry.Host,
                    $"{source}@{digest}: the upstream sent a manifest whose bytes have another digest; not stored");
            }
            await StoreAsync(source, target, digest, manifest, wanted, run, cancellationToken);
            run.ManifestCopied();
            return true;
        })).Value;

    private async Task StoreAsync(UpstreamRepository source, RepositoryName target, Digest digest, UpstreamManifest manifest, IndexChildPolicy wanted,
        CopyRun run, CancellationToken cancellationToken)
    {
        ParsedManifest parsed;
        try
        {
            parsed = parser.Parse(manifest.Content, manifest.MediaType);
        }
        catch (RegistryException e)
        {
            throw new UpstreamException(UpstreamFailure.Protocol, source.Registry.Host, $"{source}@{digest} is not a manifest this registry stores: {e.Message}");
        }
        if (parsed.IsIndex)
        {
            // Children of a child index (rare) are all copied: the platform filter applies to the top-level choice.
            var all = IndexChildPolicy.Parse([IndexChildPolicy.All]);
            await Task.WhenAll(wanted.RequiredChildren(parsed).Select(c => CopyByDigestAsync(source, target, c.Digest, all, run, cancellationToken)));
        }
        else await CopyBlobsAsync(source, target, parsed, run, cancellationToken);
        await manifests.PutAsync(target, ManifestReference.ForDigest(digest), manifest.Content, manifest.MediaType, cancellationToken);
    }

    /// <summary>Every blob the image names into the store, then linked into the repository in one transaction.</summary>
    private async Task CopyBlobsAsync(UpstreamRepository source, RepositoryName target, ParsedManifest parsed, CopyRun run, CancellationToken cancellationToken)
    {
        var needed = new List<Descriptor>();
        foreach (var blob in parsed.Blobs.Where(b => !b.IsExternal).DistinctBy(b => b.Digest))
        {
            if (await blobIndex.GetLinkedSizeAsync(target, blob.Digest, cancellationToken) == blob.Size
                && (await store.FindAsync(blob.Digest, cancellationToken))?.Length == blob.Size) run.BlobPresent();
            else needed.Add(blob);
        }
        await Task.WhenAll(needed.Select(b => run.Blobs.GetOrAdd(b.Digest, _ => new Lazy<Task>(() => FetchAsync(source, b, run, cancellationToken))).Value));
        if (needed.Count == 0) return;
        var now = clock.GetUtcNow();
        await blobIndex.ImportLinksAsync(target, [.. needed.Select(b => new BlobLink(b.Digest, now))], cancellationToken);
        // Only the link keeps garbage collection off a blob no manifest names yet: the bytes must still be there after it.
        foreach (var blob in needed)
        {
            if ((await store.FindAsync(blob.Digest, cancellationToken))?.Length != blob.Size)
            {
                throw new ImageCopyException($"blob {blob.Digest} for {target} was removed (by garbage collection) before it was linked; run the copy again");
            }
        }
    }

    /// <summary>Puts the blob into the store: recorded when its bytes are here already, downloaded otherwise.</summary>
    private async Task FetchAsync(UpstreamRepository source, Descriptor blob, CopyRun run, CancellationToken cancellationToken)
    {
        var record = new RecordedBlob(blob.Digest, blob.Size, InUse: false, clock.GetUtcNow());
        if ((await store.FindAsync(blob.Digest, cancellationToken))?.Length == blob.Size)
        {
            await blobIndex.ImportAsync(record, _ => Task.CompletedTask, cancellationToken);
            run.BlobPresent();
            return;
        }
        await run.Slots.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await DownloadAsync(source, blob, record, run, cancellationToken);
                    run.BlobCopied();
                    return;
                }
                catch (Exception e) when (attempt < Attempts && IsTransient(e) && !cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), clock, cancellationToken);
                }
            }
        }
        finally
        {
            run.Slots.Release();
        }
    }

    private async Task DownloadAsync(UpstreamRepository source, Descriptor blob, RecordedBlob record, CopyRun run, CancellationToken cancellationToken)
    {
        await using var download = await source.Registry.OpenBlobAsync(source.Repository, blob.Digest, cancellationToken)
            ?? throw NotUpstream(source, blob.Digest.ToString());
        var counted = new ThrottledReadStream(download.Content, run.Bandwidth, run.BytesRead);
        if (!await _publisher.PublishAsync(record, counted, cancellationToken))
        {
            throw new UpstreamException(UpstreamFailure.DigestMismatch, source.Registry.Host,
                $"{source}: blob {blob.Digest} arrived with other bytes than its digest and size ({blob.Size}) say; not stored");
        }
    }

    /// <summary>The referrers the upstream lists for the image (signatures, attestations), each with all it names.</summary>
    private async Task CopyReferrersAsync(UpstreamRepository source, RepositoryName target, Digest subject, CopyRun run, CancellationToken cancellationToken)
    {
        var referrers = await source.Registry.GetReferrersAsync(source.Repository, subject, cancellationToken);
        if (referrers is null) return;
        var all = IndexChildPolicy.Parse([IndexChildPolicy.All]);
        var index = parser.Parse(referrers.Content, referrers.MediaType);
        await Task.WhenAll(index.Children.Select(r => CopyByDigestAsync(source, target, r.Digest, all, run, cancellationToken)));
    }

    private static bool IsTransient(Exception e) =>
        e is IOException or HttpRequestException || e is UpstreamException { Failure: UpstreamFailure.Unreachable };

    private static ImageCopyException NotUpstream(UpstreamRepository source, string what) => new($"{source} has no {what}");
}
