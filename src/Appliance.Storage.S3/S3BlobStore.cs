using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Appliance.Core.Content;
using Appliance.Core.Errors;
using Appliance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Appliance.Storage.S3;

/// <summary>
/// Blobs as objects in one bucket under one prefix (see <see cref="S3Keys"/>). An upload is streamed into multipart parts
/// of <see cref="PartBytes"/> while it is hashed, so memory per upload is two parts whatever the blob's size, and its
/// whole state is in the bucket (<see cref="UploadObjects"/>): a chunk may land on any replica. Publishing copies the
/// upload server-side into the blob's object, which appears whole or not at all.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    /// <summary>S3 multipart parts must be at least 5 MiB, except the last; 16 MiB keeps requests few and memory per upload bounded.</summary>
    public const int PartBytes = 16 * 1024 * 1024;

    /// <summary>A multipart upload has at most 10,000 parts: one append can bring up to about 156 GiB.</summary>
    private const int MaxParts = 9_999;

    private const int ReadBufferBytes = 1024 * 1024;

    private static readonly TimeSpan RedirectLifetime = TimeSpan.FromMinutes(15);

    private readonly S3StorageOptions _options;
    private readonly AmazonS3Client _s3;
    private readonly string _bucket;
    private readonly S3Keys _keys;
    private readonly S3Copier _copier;
    private readonly TimeProvider _clock;
    private readonly ArrayPool<byte> _partBuffers = ArrayPool<byte>.Create(PartBytes, maxArraysPerBucket: 4);

    public S3BlobStore(IOptions<S3StorageOptions> options, TimeProvider clock)
    {
        _options = options.Value;
        _s3 = S3ClientFactory.Create(_options);
        _bucket = _options.Bucket!;
        _keys = new S3Keys(_options.Prefix);
        _copier = new S3Copier(_s3, _bucket);
        _clock = clock;
    }

    public async Task<StoredBlob?> FindAsync(Digest digest, CancellationToken cancellationToken) =>
        await HeadAsync(_keys.Blob(digest), cancellationToken) is { } size ? new StoredBlob(size) : null;

    public async Task<Stream> OpenReadAsync(Digest digest, long offset, long? length, CancellationToken cancellationToken)
    {
        if (length == 0) return Stream.Null;
        var request = new GetObjectRequest { BucketName = _bucket, Key = _keys.Blob(digest) };
        if (length is { } count) request.ByteRange = new ByteRange(offset, offset + count - 1);
        else if (offset > 0) request.ByteRange = new ByteRange($"bytes={offset}-");
        var response = await _s3.GetObjectAsync(request, cancellationToken);
        return response.ResponseStream;
    }

    public Uri? GetDownloadUrl(Digest digest)
    {
        if (!_options.Redirect) return null;
        var url = _s3.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = _bucket, Key = _keys.Blob(digest), Verb = HttpVerb.GET, Expires = _clock.GetUtcNow().UtcDateTime + RedirectLifetime,
            Protocol = _options.Endpoint?.StartsWith("http:", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        });
        return new Uri(url);
    }

    public Task CreateUploadAsync(UploadId id, CancellationToken cancellationToken) =>
        _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = _keys.Started(id), ContentBody = "" }, cancellationToken);

    public async Task<long?> GetUploadLengthAsync(UploadId id, CancellationToken cancellationToken) =>
        (await UploadObjects.ReadAsync(_s3, _bucket, _keys, id, cancellationToken))?.Length;

    public async Task<long> AppendUploadAsync(UploadId id, Stream source, long offset, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var upload = await RequireUploadAsync(id, cancellationToken);
        if (upload.Length != offset) throw new IOException($"upload {id} holds {upload.Length} bytes, not {offset}: another request changed it");
        var segment = new SegmentWriter(_s3, _bucket, _keys.Segment(id, upload.Segments.Count + 1));
        var filling = _partBuffers.Rent(PartBytes);
        byte[]? sending = null;
        try
        {
            // The carried tail was hashed when it arrived; it only goes in front of the new bytes, to fill their first part.
            var filled = upload.CarriedTail is { } tail ? await ReadRangeAsync(tail.Key, tail.Offset, filling.AsMemory(0, tail.Length), cancellationToken) : 0;
            var appended = 0L;
            int read;
            while ((read = await source.ReadAsync(filling.AsMemory(filled, PartBytes - filled), cancellationToken)) > 0)
            {
                hash.AppendData(filling, filled, read);
                filled += read;
                appended += read;
                if (filled < PartBytes) continue;
                if (segment.Parts == MaxParts) throw TooLarge();
                // One part in flight while the next one fills.
                await segment.WaitForPartAsync();
                sending ??= _partBuffers.Rent(PartBytes);
                (filling, sending) = (sending, filling);
                await segment.StartPartAsync(sending, PartBytes, cancellationToken);
                filled = 0;
            }
            if (appended == 0) return offset;
            await segment.CompleteAsync(filling, filled, cancellationToken);
            return offset + appended;
        }
        catch
        {
            await segment.AbortAsync();
            throw;
        }
        finally
        {
            await segment.WaitForPartAsync(throwOnFailure: false);
            _partBuffers.Return(filling);
            if (sending is not null) _partBuffers.Return(sending);
        }
    }

    public async Task HashUploadAsync(UploadId id, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var upload = await RequireUploadAsync(id, cancellationToken);
        foreach (var item in upload.Content) await HashObjectAsync(item.Key, item.IsWholeObject ? null : item.Length, hash, cancellationToken);
    }

    /// <summary>Nothing to do: an object store acknowledges a write only once it is durable.</summary>
    public Task SyncUploadAsync(UploadId id, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task PublishUploadAsync(UploadId id, Digest digest, CancellationToken cancellationToken)
    {
        var upload = await RequireUploadAsync(id, cancellationToken);
        var target = _keys.Blob(digest);
        // Same digest, same bytes: a copy already published wins.
        if (await HeadAsync(target, cancellationToken) is null)
        {
            // The usual push (one streamed PATCH, or a monolithic PUT) is one segment: a single CopyObject.
            var content = upload.Content.ToList();
            if (content.Count == 0) await PutAsync(target, [], 0, cancellationToken);
            else await _copier.CopyAsync(content, target, cancellationToken);
        }
        await DeleteAsync(upload.Keys, cancellationToken);
    }

    public async Task<bool> DeleteBlobAsync(Digest digest, CancellationToken cancellationToken)
    {
        var key = _keys.Blob(digest);
        if (await HeadAsync(key, cancellationToken) is null) return false;
        await _s3.DeleteObjectAsync(_bucket, key, cancellationToken);
        return true;
    }

    public async Task QuarantineBlobAsync(Digest digest, CancellationToken cancellationToken)
    {
        var key = _keys.Blob(digest);
        if (await HeadAsync(key, cancellationToken) is not { } size) return;
        await _copier.CopyAsync([new CopySource(key, size, size)], _keys.Quarantined(digest), cancellationToken);
        await _s3.DeleteObjectAsync(_bucket, key, cancellationToken);
    }

    public Task HashBlobAsync(Digest digest, IncrementalHash hash, CancellationToken cancellationToken) =>
        HashObjectAsync(_keys.Blob(digest), null, hash, cancellationToken);

    public async IAsyncEnumerable<BlobFile> EnumerateBlobsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in S3Listing.ObjectsAsync(_s3, _bucket, _keys.Blobs, cancellationToken))
        {
            // Anything not named by its digest cannot be served; verify reports blobs the metadata does not know.
            if (_keys.TryParseBlob(item.Key, out var digest))
            {
                yield return new BlobFile(digest, item.Size ?? 0, new DateTimeOffset(item.LastModified?.ToUniversalTime() ?? DateTime.UnixEpoch));
            }
        }
    }

    public async IAsyncEnumerable<UploadId> EnumerateUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var prefix in S3Listing.PrefixesAsync(_s3, _bucket, _keys.Uploads, cancellationToken))
        {
            if (UploadId.TryParse(prefix[_keys.Uploads.Length..].TrimEnd('/'), out var id)) yield return id;
        }
    }

    /// <summary>An object store has no free-space figure: the operator watches the bucket's quota instead.</summary>
    public StorageSpace? GetSpace() => null;

    public async Task DeleteUploadAsync(UploadId id, CancellationToken cancellationToken)
    {
        var keys = await S3Listing.ObjectsAsync(_s3, _bucket, _keys.Upload(id), cancellationToken).Select(o => o.Key).ToListAsync(cancellationToken);
        // The marker goes last: while any part is left, the upload is still listed and a later expiry finds it again.
        var started = _keys.Started(id);
        await DeleteAsync(keys.Where(k => k != started).ToList(), cancellationToken);
        // A registry that died during an append left that segment's multipart upload behind.
        var orphans = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket, Prefix = _keys.Upload(id) },
            cancellationToken);
        foreach (var orphan in orphans.MultipartUploads ?? [])
        {
            await _s3.AbortMultipartUploadAsync(_bucket, orphan.Key, orphan.UploadId, cancellationToken);
        }
        if (keys.Contains(started)) await DeleteAsync([started], cancellationToken);
    }

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var probe = _keys.Probe();
        try
        {
            await PutAsync(probe, [1], 1, cancellationToken);
            await _s3.DeleteObjectAsync(_bucket, probe, cancellationToken);
        }
        catch (Exception e) when (S3Failure.IsStoreFailure(e))
        {
            throw S3Failure.Describe(e, _options);
        }
    }

    public void Dispose() => _s3.Dispose();

    private async Task<UploadObjects> RequireUploadAsync(UploadId id, CancellationToken cancellationToken) =>
        await UploadObjects.ReadAsync(_s3, _bucket, _keys, id, cancellationToken)
        ?? throw new RegistryException(OciErrorCode.BlobUploadUnknown, $"upload {id} is unknown or has ended");

    private async Task<long?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await _s3.GetObjectMetadataAsync(_bucket, key, cancellationToken);
            return head.ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private Task PutAsync(string key, byte[] buffer, int count, CancellationToken cancellationToken) =>
        _s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket, Key = key, InputStream = new MemoryStream(buffer, 0, count, writable: false),
        }, cancellationToken);

    private async Task<int> ReadRangeAsync(string key, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var response = await _s3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = _bucket, Key = key, ByteRange = new ByteRange(offset, offset + buffer.Length - 1),
        }, cancellationToken);
        await response.ResponseStream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer.Length;
    }

    /// <summary>Feeds the object's first <paramref name="length"/> bytes (all when null) to <paramref name="hash"/>.</summary>
    private async Task HashObjectAsync(string key, long? length, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest { BucketName = _bucket, Key = key };
        if (length is { } count) request.ByteRange = new ByteRange(0, count - 1);
        using var response = await _s3.GetObjectAsync(request, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        try
        {
            int read;
            while ((read = await response.ResponseStream.ReadAsync(buffer, cancellationToken)) > 0) hash.AppendData(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        // DeleteObjects takes at most 1,000 keys per request.
        foreach (var batch in keys.Chunk(1000))
        {
            await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = _bucket, Objects = batch.Select(k => new KeyVersion { Key = k }).ToList(),
            }, cancellationToken);
        }
    }

    private static RegistryException TooLarge() =>
        new(OciErrorCode.SizeInvalid, $"one request can bring at most {(long)MaxParts * PartBytes >> 30} GiB to the S3 blob store (10,000 parts)");
}
