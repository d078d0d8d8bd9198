using Appliance.Testing;

namespace Appliance.Storage.S3.Tests;

/// <summary>Registries on the shared test Ceph, each with a bucket of its own, whatever APPLIANCE_TEST_BACKEND says.</summary>
internal static class S3Registry
{
    public static async Task<(RegistryServer Server, string Bucket)> StartAsync(params string[] extraArgs)
    {
        var ceph = await CephRgw.SharedAsync();
        var bucket = await ceph.CreateBucketAsync(TestContext.Current.CancellationToken);
        var server = await RegistryServer.StartAsync([.. ceph.ServerArguments(bucket), .. extraArgs]);
        return (server, bucket);
    }
}
