using System.Buffers;
using System.Collections.Concurrent;
using Appliance.Core.Configuration;
using Appliance.Core.Content;
using Appliance.Core.Errors;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Services;
using Appliance.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Appliance.Core.Upstreams;

/// <summary>
/// Pulls of mapped repositories that miss locally are answered from the upstream and stored as they pass: manifests are
/// imported whole (their blobs follow when asked for), blobs are streamed to the client while they are written, hashed and
/// then published like any upload. Each manifest and blob is fetched once however many clients ask at the same time.
/// By digest, what is cached is kept; by tag, it is asked upstream again (a HEAD) once older than <see cref="UpstreamCacheOptions.TagTtl"/>.
/// </summary>
public sealed class PullThroughCache : IDisposable
{
    /// <summary>A pull renews the last use of cached content at most this often: the record only serves a retention of days.</summary>
    private static readonly TimeSpan TouchResolution = TimeSpan.FromHours(1);

    private const int FillBufferBytes = 1024 * 1024;

    private readonly IUpstreams? _upstreams;
    private readonly IUpstreamCacheIndex _cache;
    private readonly IManifestIndex _manifests;
    private readonly ManifestParser _parser;
    private readonly IBlobStore _store;
    private readonly IBlobIndex _blobIndex;
    private readonly BlobPublisher _publisher;
    private readonly IUpstreamCacheMetrics _metrics;
    private readonly IOptions<UpstreamCacheOptions> _options;
    private readonly IOptions<RegistryOptions> _registryOptions;
    private readonly string _fillDirectory;
    private readonly TimeProvider _clock;
    private readonly ILogger<PullThroughCache> _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly SingleFlight<string, StoredManifest?> _manifestFlights = new();
    private readonly SingleFlight<string, UpstreamManifestHead?> _headFlights = new();
    private readonly ConcurrentDictionary<Digest, Lazy<Task<BlobFill?>>> _fills = new();
    private readonly ConcurrentDictionary<(RepositoryName, Digest), DateTimeOffset> _lastTouch = new();

    public PullThroughCache(IUpstreams? upstreams, IUpstreamCacheIndex cache, IManifestIndex manifests, ManifestParser parser, IBlobStore store,
        IBlobIndex blobIndex, IUpstreamCacheMetrics metrics, IOptions<UpstreamCacheOptions> options, IOptions<RegistryOptions> registryOptions,
        UpstreamFillDirectory fillDirectory, TimeProvider clock, ILogger<PullThroughCache> logger)
    {
        (_upstreams, _cache, _manifests, _parser, _store, _blobIndex, _metrics, _options, _registryOptions, _clock, _logger) =
            (upstreams, cache, manifests, parser, store, blobIndex, metrics, options, registryOptions, clock, logger);
        _publisher = new BlobPublisher(store, blobIndex);
        _fillDirectory = fillDirectory.Path;
        if (upstreams is null) return;
        // Fills a stopped registry left behind are incomplete: nothing else ever reads them.
        if (Directory.Exists(_fillDirectory)) Directory.Delete(_fillDirectory, recursive: true);
        Directory.CreateDirectory(_fillDirectory);
    }

    /// <summary>Whether pulls of <paramref name="repository"/> go to an upstream when they miss.</summary>
    public bool Proxies(RepositoryName repository) => _upstreams?.Resolve(repository) is not null;

    /// <summary>
    /// The manifest a pull of a mapped repository gets, given what the repository holds (<paramref name="local"/>): that, while
    /// it is current, or the upstream's. Null when neither has it; a <see cref="RegistryException"/> naming the upstream when
    /// nothing is cached and the upstream cannot be used.
    /// </summary>
    public async Task<StoredManifest?> FindManifestAsync(RepositoryName repository, ManifestReference reference, StoredManifest? local,
        CancellationToken cancellationToken)
    {
        var upstream = Resolve(repository);
        if (reference.Tag is not { } tag)
        {
            if (local is null) return await FetchManifestAsync(repository, upstream, reference, cancellationToken);
            return await HitAsync(repository, local, cancellationToken);
        }

        var known = await _cache.FindTagAsync(repository, tag, cancellationToken);
        // A tag the cache never resolved was pushed or synced here: it is this registry's, not the cache's.
        if (local is not null && (known is null || _clock.GetUtcNow() - known.CheckedAt < _options.Value.TagTtl))
        {
            return await HitAsync(repository, local, cancellationToken);
        }
        if (local is null) return await FetchManifestAsync(repository, upstream, reference, cancellationToken);

        UpstreamManifestHead? head;
        try
        {
            head = await _headFlights.RunAsync($"{repository}:{tag}",
                () => upstream.Registry.HeadManifestAsync(upstream.Repository, reference, _lifetime.Token)).WaitAsync(cancellationToken);
        }
        catch (UpstreamException e)
        {
            _metrics.Error(e.Failure);
            _metrics.Stale();
            _logger.LogWarning("Serving cached {Repository}:{Tag} ({Digest}) stale, its upstream could not be asked: {Problem}",
                repository, tag, local.Digest, e.Message);
            return local;
        }
        if (head is null || head.Digest == local.Digest)
        {
            // Unchanged upstream (or gone there: what was cached stays served until it is collected).
            await _cache.SetTagAsync(repository, tag, local.Digest, _clock.GetUtcNow(), cancellationToken);
            return await HitAsync(repository, local, cancellationToken);
        }
        return await FetchManifestAsync(repository, upstream, reference, cancellationToken) ?? local;
    }

    /// <summary>
    /// A blob a mapped repository does not link: linked when the store has its bytes already, else fetched from the upstream
    /// (one download, whoever asks). Null when the upstream does not have it either.
    /// </summary>
    public async Task<CacheBlob?> FetchBlobAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        var upstream = Resolve(repository);
        _metrics.Miss(CachedKind.Blob);
        // A fill that ended between finding it and reading it is in the store by the next round, or failed: one more try.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await LinkStoredAsync(repository, digest, upstream.Registry.Host, cancellationToken) is { } length) return new CacheBlob(null, length);
            BlobFill? fill;
            try
            {
                fill = await _fills.GetOrAdd(digest, _ => new Lazy<Task<BlobFill?>>(() => StartFillAsync(upstream, digest))).Value.WaitAsync(cancellationToken);
            }
            catch (UpstreamException e)
            {
                throw new RegistryException(OciErrorCode.BlobUnknown, $"blob {digest} is not cached in {repository} and {e.Message}");
            }
            if (fill is null) return null;
            if (fill.TryOpenReader(repository) is { } reader) return new CacheBlob(reader, fill.Length);
        }
        throw new RegistryException(OciErrorCode.BlobUnknown, $"blob {digest} is not cached in {repository} and its download from {upstream.Registry.Host} failed");
    }

    /// <summary>A blob a mapped repository served from the store: its cached record's last use moves on.</summary>
    public Task BlobHitAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        _metrics.Hit(CachedKind.Blob);
        return TouchAsync(repository, digest, cancellationToken);
    }

    /// <summary>
    /// Removes cached content no pull used for <see cref="UpstreamCacheOptions.UnusedDays"/> from its repository (manifests and
    /// their tags, blob links), so the next garbage collection reclaims what nothing else uses. Returns how many were removed.
    /// </summary>
    public async Task<int> EvictUnusedAsync(CancellationToken cancellationToken)
    {
        var days = _options.Value.UnusedDays;
        if (days <= 0) return 0;
        var evicted = 0;
        IReadOnlyList<CachedContent> batch;
        do
        {
            batch = await _cache.ListUnusedAsync(_clock.GetUtcNow() - TimeSpan.FromDays(days), 500, cancellationToken);
            foreach (var content in batch)
            {
                if (content.Kind == CachedKind.Manifest) await _manifests.DeleteAsync(content.Repository, content.Digest, cancellationToken);
                else await _blobIndex.UnlinkAsync(content.Repository, content.Digest, cancellationToken);
                await _cache.ForgetAsync(content.Repository, content.Digest, cancellationToken);
                evicted++;
            }
        }
        while (batch.Count > 0);
        if (evicted > 0) _logger.LogInformation("Removed {Count} cached manifests and blobs unused for {Days} days", evicted, days);
        return evicted;
    }

    private UpstreamRepository Resolve(RepositoryName repository) =>
        _upstreams?.Resolve(repository) ?? throw new InvalidOperationException($"{repository} is not mapped to an upstream");

    private async Task<StoredManifest> HitAsync(RepositoryName repository, StoredManifest local, CancellationToken cancellationToken)
    {
        _metrics.Hit(CachedKind.Manifest);
        await TouchAsync(repository, local.Digest, cancellationToken);
        return local;
    }

    private Task<StoredManifest?> FetchManifestAsync(RepositoryName repository, UpstreamRepository upstream, ManifestReference reference,
        CancellationToken cancellationToken)
    {
        _metrics.Miss(CachedKind.Manifest);
        return _manifestFlights.RunAsync($"{repository}:{reference}", async () =>
        {
            UpstreamManifest? fetched;
            try
            {
                fetched = await upstream.Registry.GetManifestAsync(upstream.Repository, reference, _lifetime.Token);
            }
            catch (UpstreamException e)
            {
                _metrics.Error(e.Failure);
                _logger.LogWarning("Manifest {Reference} of {Repository} could not be fetched: {Problem}", reference, repository, e.Message);
                throw new RegistryException(OciErrorCode.ManifestUnknown, $"manifest {reference} is not cached in {repository} and {e.Message}");
            }
            if (fetched is null) return null;
            return await StoreManifestAsync(repository, upstream, reference, fetched);
        }).WaitAsync(cancellationToken);
    }

    private async Task<StoredManifest> StoreManifestAsync(RepositoryName repository, UpstreamRepository upstream, ManifestReference reference,
        UpstreamManifest fetched)
    {
        var host = upstream.Registry.Host;
        ParsedManifest parsed;
        try
        {
            if (fetched.Content.Length > _registryOptions.Value.MaxManifestBytes) throw ManifestService.TooLarge(_registryOptions.Value.MaxManifestBytes);
            parsed = _parser.Parse(fetched.Content, fetched.MediaType);
        }
        catch (RegistryException e)
        {
            _metrics.Error(UpstreamFailure.Protocol);
            throw new RegistryException(OciErrorCode.ManifestUnknown, $"upstream {host} sent manifest {reference} of {upstream.Repository}, which cannot be stored: {e.Message}");
        }
        var now = _clock.GetUtcNow();
        var stored = new StoredManifest(fetched.Digest, parsed.MediaType, fetched.Content);
        TagRecord[] tags = reference.Tag is { } tag ? [new TagRecord(tag, now)] : [];
        // Stored without its blobs, as an import does: they follow when the client asks for them.
        await _manifests.ImportAsync(repository, new ManifestRecord(stored, now, EverListedByIndex: false, tags), parsed, _lifetime.Token);
        await _cache.RecordAsync(new CachedContent(repository, fetched.Digest, CachedKind.Manifest, fetched.Content.Length, host, now, now), _lifetime.Token);
        if (reference.Tag is { } name) await _cache.SetTagAsync(repository, name, fetched.Digest, now, _lifetime.Token);
        _logger.LogInformation("Cached manifest {Reference} of {Repository} ({Digest}) from {Upstream}", reference, repository, fetched.Digest, host);
        return stored;
    }

    /// <summary>The blob's bytes are in the store (another repository has them): links them here and returns their length.</summary>
    private async Task<long?> LinkStoredAsync(RepositoryName repository, Digest digest, string host, CancellationToken cancellationToken)
    {
        var stored = await _store.FindAsync(digest, cancellationToken);
        if (stored is null) return null;
        var now = _clock.GetUtcNow();
        await _blobIndex.ImportAsync(new RecordedBlob(digest, stored.Length, InUse: true, now), _ => Task.CompletedTask, cancellationToken);
        await _blobIndex.ImportLinksAsync(repository, [new BlobLink(digest, now)], cancellationToken);
        await _cache.RecordAsync(new CachedContent(repository, digest, CachedKind.Blob, stored.Length, host, now, now), cancellationToken);
        return stored.Length;
    }

    /// <summary>Opens the upstream's blob and starts writing it to a fill; null (and no fill) when the upstream does not have it.</summary>
    private async Task<BlobFill?> StartFillAsync(UpstreamRepository upstream, Digest digest)
    {
        UpstreamBlob? blob;
        try
        {
            await Task.Yield();
            blob = await upstream.Registry.OpenBlobAsync(upstream.Repository, digest, _lifetime.Token);
        }
        catch (UpstreamException e)
        {
            _metrics.Error(e.Failure);
            _fills.TryRemove(digest, out _);
            throw;
        }
        catch
        {
            _fills.TryRemove(digest, out _);
            throw;
        }
        if (blob is null)
        {
            _fills.TryRemove(digest, out _);
            return null;
        }
        var fill = new BlobFill(Path.Combine(_fillDirectory, $"{digest.Algorithm.Name}-{digest.Hex}"), digest, blob.Length);
        // Created before any reader may open it.
        File.Create(fill.Path).Dispose();
        _ = Task.Run(() => RunFillAsync(fill, blob, upstream));
        return fill;
    }

    private async Task RunFillAsync(BlobFill fill, UpstreamBlob blob, UpstreamRepository upstream)
    {
        var token = _lifetime.Token;
        var host = upstream.Registry.Host;
        try
        {
            await using (blob)
            {
                await WriteVerifiedAsync(fill, blob.Content, host, upstream.Repository, token);
            }
            fill.Complete();
            var record = new RecordedBlob(fill.Digest, fill.Length, InUse: true, _clock.GetUtcNow());
            var published = await _publisher.TryPublishLinkedAsync(record, fill.Path, token) ?? await PublishCopyAsync(record, fill.Path, token);
            if (!published) throw new IOException($"blob {fill.Digest} changed on disk before it was published");
        }
        catch (Exception e)
        {
            if (e is UpstreamException upstreamError) _metrics.Error(upstreamError.Failure);
            _logger.LogWarning("Blob {Digest} of {Repository} could not be cached from {Upstream}: {Problem}", fill.Digest, upstream.Repository, host, e.Message);
            fill.Fail(e);
            _fills.TryRemove(fill.Digest, out _);
            fill.Close();
            return;
        }
        _fills.TryRemove(fill.Digest, out _);
        var now = _clock.GetUtcNow();
        foreach (var repository in fill.Close())
        {
            try
            {
                await _blobIndex.ImportLinksAsync(repository, [new BlobLink(fill.Digest, now)], token);
                await _cache.RecordAsync(new CachedContent(repository, fill.Digest, CachedKind.Blob, fill.Length, host, now, now), token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The blob is stored; the next pull of it links it.
                _logger.LogWarning("Cached blob {Digest} could not be linked into {Repository}: {Problem}", fill.Digest, repository, e.Message);
            }
        }
        _logger.LogInformation("Cached blob {Digest} ({Bytes} bytes) from {Upstream}", fill.Digest, fill.Length, host);
    }

    /// <summary>Writes the upstream's bytes to the fill, hashing them on the way; throws (naming the upstream) when they are not the blob.</summary>
    private async Task WriteVerifiedAsync(BlobFill fill, Stream content, string host, string repository, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(fill.Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        using var hash = fill.Digest.Algorithm.CreateIncrementalHash();
        var buffer = ArrayPool<byte>.Shared.Rent(FillBufferBytes);
        try
        {
            long written = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (written + read > fill.Length)
                {
                    throw new UpstreamException(UpstreamFailure.DigestMismatch, host, $"upstream {host} sent more than the {fill.Length} bytes it announced for blob {fill.Digest} of {repository}");
                }
                await RandomAccess.WriteAsync(handle, buffer.AsMemory(0, read), written, cancellationToken);
                hash.AppendData(buffer, 0, read);
                written += read;
                _metrics.UpstreamBytes(read);
                fill.Advance(written);
            }
            if (written != fill.Length)
            {
                throw new UpstreamException(UpstreamFailure.Unreachable, host, $"upstream {host} ended blob {fill.Digest} of {repository} after {written} of {fill.Length} bytes");
            }
            var actual = Digest.FromHash(fill.Digest.Algorithm, hash.GetHashAndReset());
            if (actual != fill.Digest)
            {
                throw new UpstreamException(UpstreamFailure.DigestMismatch, host, $"upstream {host} sent blob {fill.Digest} of {repository} with content of digest {actual}: refused");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<bool> PublishCopyAsync(RecordedBlob record, string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return await _publisher.PublishAsync(record, file, cancellationToken);
    }

    private async Task TouchAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (_lastTouch.TryGetValue((repository, digest), out var last) && now - last < TouchResolution) return;
        _lastTouch[(repository, digest)] = now;
        await _cache.TouchAsync(repository, digest, now, cancellationToken);
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }
}
