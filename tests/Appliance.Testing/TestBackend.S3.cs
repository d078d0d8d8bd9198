namespace Appliance.Testing;

public static partial class TestBackend
{
    private const string BucketOption = "--storage:s3:bucket";

    /// <summary>The shared test Ceph, with a fresh bucket for this server.</summary>
    private static async Task<string[]> S3ArgumentsAsync(CancellationToken cancellationToken)
    {
        var ceph = await CephRgw.SharedAsync();
        var bucket = await ceph.CreateBucketAsync(cancellationToken);
        return ["--storage:driver", "s3", "--storage:s3:endpoint", ceph.Endpoint, BucketOption, bucket,
            "--storage:s3:credentialsFile", ceph.CredentialsFile];
    }

    /// <summary>Deletes the bucket that <paramref name="engineArguments"/> (from <see cref="EngineArgumentsAsync"/>) gave a server, if any.</summary>
    public static async Task DeleteBucketAsync(string[] engineArguments, CancellationToken cancellationToken)
    {
        var option = Array.IndexOf(engineArguments, BucketOption);
        if (option >= 0) await (await CephRgw.SharedAsync()).DeleteBucketAsync(engineArguments[option + 1], cancellationToken);
    }
}
