using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace Appliance.Storage.S3;

/// <summary>ListObjectsV2, page after page.</summary>
public static class S3Listing
{
    public static async IAsyncEnumerable<S3Object> ObjectsAsync(IAmazonS3 s3, string bucket, string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token },
                cancellationToken);
            foreach (var item in page.S3Objects ?? []) yield return item;
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
    }

    /// <summary>The "directories" right under <paramref name="prefix"/>: common prefixes up to the next slash.</summary>
    public static async IAsyncEnumerable<string> PrefixesAsync(IAmazonS3 s3, string bucket, string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, Delimiter = "/", ContinuationToken = token }, cancellationToken);
            foreach (var common in page.CommonPrefixes ?? []) yield return common;
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
    }
}
