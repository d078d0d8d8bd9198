using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Appliance.Storage.S3;

/// <summary>Checks the <c>storage.s3</c> settings and builds the client; a bad setting fails start-up with one line naming it.</summary>
public static class S3ClientFactory
{
    public static AmazonS3Client Create(S3StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Bucket)) throw new InvalidDataException("storage.s3.bucket: not set: the S3 blob store needs a bucket");
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.PathStyle,
            // Newer SDKs add CRC trailers to every upload by default, which S3-compatible stores such as Ceph RGW do not all
            // understand; the registry checks every blob's digest itself.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.Endpoint is { Length: > 0 } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new InvalidDataException($"storage.s3.endpoint: '{endpoint}' is not an http or https URL");
            }
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = options.Region;
        }
        else config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        return new AmazonS3Client(S3Credentials.Load(options), config);
    }
}
