using Amazon.S3;
using Amazon.S3.Model;

namespace Appliance.Storage.S3;

/// <summary>
/// Writes one segment of an upload: a single PutObject when everything fits one part, otherwise a multipart upload with
/// at most one part in flight. The segment object appears only when complete.
/// </summary>
internal sealed class SegmentWriter(IAmazonS3 s3, string bucket, string key)
{
    private readonly List<PartETag> _parts = [];
    private string? _uploadId;
    private Task<UploadPartResponse>? _inFlight;

    public int Parts => _parts.Count + (_inFlight is null ? 0 : 1);

    public async Task StartPartAsync(byte[] buffer, int count, CancellationToken cancellationToken)
    {
        _uploadId ??= (await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, cancellationToken)).UploadId;
        _inFlight = s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket, Key = key, UploadId = _uploadId, PartNumber = _parts.Count + 1, PartSize = count,
            InputStream = new MemoryStream(buffer, 0, count, writable: false),
        }, cancellationToken);
    }

    public async Task WaitForPartAsync(bool throwOnFailure = true)
    {
        if (_inFlight is not { } part) return;
        _inFlight = null;
        try
        {
            _parts.Add(new PartETag(_parts.Count + 1, (await part).ETag));
        }
        catch when (!throwOnFailure)
        {
            // Only while cleaning up: the failure that matters is already on its way to the caller.
        }
    }

    /// <summary>Writes the last <paramref name="count"/> bytes (possibly none) and makes the segment visible.</summary>
    public async Task CompleteAsync(byte[] last, int count, CancellationToken cancellationToken)
    {
        await WaitForPartAsync();
        if (_uploadId is null)
        {
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket, Key = key, InputStream = new MemoryStream(last, 0, count, writable: false),
            }, cancellationToken);
            return;
        }
        if (count > 0)
        {
            await StartPartAsync(last, count, cancellationToken);
            await WaitForPartAsync();
        }
        // Ceph answers this with an empty ETag; nothing depends on it.
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = key, UploadId = _uploadId, PartETags = _parts,
        }, cancellationToken);
        _uploadId = null;
    }

    /// <summary>Drops the parts of a segment that will not be completed.</summary>
    public async Task AbortAsync()
    {
        await WaitForPartAsync(throwOnFailure: false);
        if (_uploadId is null) return;
        try
        {
            await s3.AbortMultipartUploadAsync(bucket, key, _uploadId, CancellationToken.None);
        }
        catch (Exception e) when (S3Failure.IsStoreFailure(e))
        {
            // The store is what failed the append: the upload's expiry aborts this one later (DeleteUploadAsync).
        }
        _uploadId = null;
    }
}
