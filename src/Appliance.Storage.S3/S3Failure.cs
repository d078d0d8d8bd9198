using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Appliance.Core.Storage;

namespace Appliance.Storage.S3;

/// <summary>
/// Turns what the object store or the network said into one line naming the setting to fix, as the
/// <see cref="StorageUnavailableException"/> of every engine: start-up prints it, the readiness probe reports it.
/// </summary>
public static class S3Failure
{
    public static StorageUnavailableException Describe(Exception failure, S3StorageOptions options)
    {
        var endpoint = options.Endpoint is { Length: > 0 } url ? url.TrimEnd('/') : $"AWS S3 ({options.Region})";
        var (setting, cause) = failure switch
        {
            AmazonS3Exception { ErrorCode: "NoSuchBucket" } => ("storage.s3.bucket", $"{options.Bucket} does not exist at {endpoint}"),
            AmazonS3Exception { ErrorCode: "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" } e =>
                (S3Credentials.SourceOf(options), $"access denied by {endpoint} ({e.ErrorCode})"),
            AmazonS3Exception { StatusCode: HttpStatusCode.Forbidden } e =>
                (S3Credentials.SourceOf(options), $"access denied by {endpoint} ({e.ErrorCode ?? "403"})"),
            _ when NetworkCause(failure) is { } network => ("storage.s3.endpoint", $"{endpoint} is unreachable ({network.Message})"),
            AmazonServiceException e => ("storage.s3", $"{endpoint} refused the request ({e.ErrorCode ?? e.StatusCode.ToString()}: {e.Message})"),
            _ => ("storage.s3", $"{endpoint}: {failure.Message}"),
        };
        return new StorageUnavailableException(setting, cause, failure);
    }

    /// <summary>True for failures of the object store or of the way to it, as opposed to bugs.</summary>
    public static bool IsStoreFailure(Exception failure) => failure is AmazonServiceException or AmazonClientException || NetworkCause(failure) is not null;

    private static Exception? NetworkCause(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or TimeoutException) return e;
        }
        return null;
    }
}
