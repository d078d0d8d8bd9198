using Appliance.Storage.S3;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Contract.Tests.Engines;

/// <summary>Blobs in a fresh bucket of the test run's one Ceph RADOS Gateway.</summary>
public sealed class S3Engine : IBlobStoreEngine
{
    private string? _bucket;

    public async Task AddAsync(IServiceCollection services, TestDirectory directory, CancellationToken cancellationToken)
    {
        var ceph = await CephRgw.SharedAsync();
        _bucket ??= await ceph.CreateBucketAsync(cancellationToken);
        var bucket = _bucket;
        services.Configure<S3StorageOptions>(options =>
        {
            var test = ceph.Options(bucket, prefix: "registry");
            options.Endpoint = test.Endpoint;
            options.Bucket = test.Bucket;
            options.Prefix = test.Prefix;
            options.CredentialsFile = test.CredentialsFile;
        });
        services.AddS3BlobStore();
    }

    /// <summary>The memstore keeps every object in RAM: give the bucket back.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_bucket is not null) await (await CephRgw.SharedAsync()).DeleteBucketAsync(_bucket, CancellationToken.None);
    }
}
