namespace Appliance.Testing;

public static partial class TestBackend
{
    /// <summary>The shared test Ceph, with a fresh bucket for this server.</summary>
    private static async Task<string[]> S3ArgumentsAsync(CancellationToken cancellationToken)
    {
        var ceph = await CephRgw.SharedAsync();
        var bucket = await ceph.CreateBucketAsync(cancellationToken);
        return ceph.ServerArguments(bucket);
    }

    /// <summary>Deletes the bucket that <paramref name="engineArguments"/> (from <see cref="EngineArgumentsAsync"/>) gave a server, if any.</summary>
    public static async Task DeleteBucketAsync(string[] engineArguments, CancellationToken cancellationToken)
    {
        var option = Array.IndexOf(engineArguments, CephRgw.BucketOption);
        if (option >= 0) await (await CephRgw.SharedAsync()).DeleteBucketAsync(engineArguments[option + 1], cancellationToken);
    }
}
