using Amazon.S3;
using Amazon.S3.Model;

namespace Appliance.Storage.S3;

/// <summary>
/// Server-side copies, so publishing or quarantining a blob moves no bytes through the registry: one CopyObject when the
/// result is a whole object within CopyObject's 5 GiB limit (Ceph RGW then shares the data instead of copying it),
/// otherwise a multipart upload whose parts are copied from ranges of the sources.
/// </summary>
public sealed class S3Copier(IAmazonS3 s3, string bucket)
{
    /// <summary>The largest object CopyObject and the largest part UploadPartCopy take.</summary>
    private const long MaxCopyBytes = 5L << 30;

    /// <summary>
    /// How a source above <see cref="MaxCopyBytes"/> is cut. Every source but the last is a multiple of the upload part size,
    /// so only the last part of all can come out below the 5 MiB minimum.
    /// </summary>
    private const long RangeBytes = 1L << 30;

    public async Task CopyAsync(IReadOnlyList<CopySource> sources, string destination, CancellationToken cancellationToken)
    {
        if (sources is [{ IsWholeObject: true, Length: <= MaxCopyBytes }])
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
                foreach (var (first, last) in Ranges(source.Length))
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
