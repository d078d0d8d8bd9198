using Amazon.S3;
using Amazon.S3.Model;

namespace Appliance.Storage.S3;

/// <summary>
/// Server-side copies, so publishing or quarantining a blob moves no bytes through the registry: one CopyObject when a
/// single source fits its 5 GiB limit, otherwise a multipart upload whose parts are copied from the sources.
/// </summary>
public sealed class S3Copier(IAmazonS3 s3, string bucket)
{
    /// <summary>The largest object CopyObject and the largest part UploadPartCopy take.</summary>
    private const long MaxCopyBytes = 5L << 30;

    /// <summary>How a source above <see cref="MaxCopyBytes"/> is cut; only the last source may be cut, as parts below 5 MiB must be last.</summary>
    private const long RangeBytes = 1L << 30;

    public async Task CopyAsync(IReadOnlyList<S3Object> sources, string destination, CancellationToken cancellationToken)
    {
        if (sources.Count == 1 && sources[0].Size <= MaxCopyBytes)
        {
            await s3.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = bucket, SourceKey = sources[0].Key, DestinationBucket = bucket, DestinationKey = destination,
            }, cancellationToken);
            return;
        }
        var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = destination },
            cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            foreach (var source in sources)
            {
                foreach (var (first, last) in Ranges(source.Size ?? 0))
                {
                    var part = await s3.CopyPartAsync(new CopyPartRequest
                    {
                        SourceBucket = bucket, SourceKey = source.Key, DestinationBucket = bucket, DestinationKey = destination,
                        UploadId = upload.UploadId, PartNumber = parts.Count + 1, FirstByte = first, LastByte = last,
                    }, cancellationToken);
                    parts.Add(new PartETag(parts.Count + 1, part.ETag));
                }
            }
            // Ceph answers this with an empty ETag; nothing here depends on it.
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket, Key = destination, UploadId = upload.UploadId, PartETags = parts,
            }, cancellationToken);
        }
        catch
        {
            await s3.AbortMultipartUploadAsync(bucket, destination, upload.UploadId, CancellationToken.None);
            throw;
        }
    }

    private static IEnumerable<(long First, long Last)> Ranges(long size)
    {
        if (size <= MaxCopyBytes)
        {
            yield return (0, size - 1);
            yield break;
        }
        for (var first = 0L; first < size; first += RangeBytes) yield return (first, Math.Min(first + RangeBytes, size) - 1);
    }
}
