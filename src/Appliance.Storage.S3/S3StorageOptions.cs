namespace Appliance.Storage.S3;

/// <summary>Where the S3 blob store keeps blobs; bound from <c>storage.s3</c> (used when <c>storage.driver</c> is <c>s3</c>).</summary>
public sealed class S3StorageOptions
{
    public const string Section = "storage:s3";

    /// <summary>The S3 API's URL, e.g. <c>https://rgw.example.com</c>; empty means AWS S3 in <see cref="Region"/>.</summary>
    public string? Endpoint { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string? Bucket { get; set; }

    /// <summary>Every object's key starts with this, so several registries (or other data) can share one bucket.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Bucket in the path (<c>endpoint/bucket/key</c>) rather than the host name: what Ceph RGW and MinIO expect by default.</summary>
    public bool PathStyle { get; set; } = true;

    /// <summary>Blob downloads answer 307 to a short-lived presigned URL, so the bytes go from the object store to the client directly.</summary>
    public bool Redirect { get; set; }

    /// <summary>An AWS credentials file (<c>aws_access_key_id</c>, <c>aws_secret_access_key</c>); without it the standard environment variables are used.</summary>
    public string? CredentialsFile { get; set; }
}
