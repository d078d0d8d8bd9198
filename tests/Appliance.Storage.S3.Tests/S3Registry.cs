using Appliance.Testing;

namespace Appliance.Storage.S3.Tests;

/// <summary>Registries on the shared test Ceph, each with a bucket of its own, whatever APPLIANCE_TEST_BACKEND says.</summary>
internal static class S3Registry
{
    public static async Task<(RegistryServer Server, string Bucket)> StartAsync(params string[] extraArgs)
    {
        var ceph = await CephRgw.SharedAsync();
        var bucket = await ceph.CreateBucketAsync(TestContext.Current.CancellationToken);
        var server = await RegistryServer.StartAsync([.. Arguments(ceph, bucket), .. extraArgs]);
        return (server, bucket);
    }

    public static string[] Arguments(CephRgw ceph, string bucket) =>
        ["--storage:driver", "s3", "--storage:s3:endpoint", ceph.Endpoint, "--storage:s3:bucket", bucket, "--storage:s3:credentialsFile", ceph.CredentialsFile];
}
