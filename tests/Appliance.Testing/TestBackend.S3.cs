namespace Appliance.Testing;

public static partial class TestBackend
{
    /// <summary>The shared test Ceph, with a fresh bucket for this server.</summary>
    private static async Task<string[]> S3ArgumentsAsync(CancellationToken cancellationToken)
    {
        var ceph = await CephRgw.SharedAsync();
        var bucket = await ceph.CreateBucketAsync(cancellationToken);
        return ["--storage:driver", "s3", "--storage:s3:endpoint", ceph.Endpoint, "--storage:s3:bucket", bucket,
            "--storage:s3:credentialsFile", ceph.CredentialsFile];
    }
}
