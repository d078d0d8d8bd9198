using Appliance.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Appliance.Storage.S3;

/// <summary>
/// Writes and deletes the start-up probe object. The store is resolved only here, so settings it rejects are this
/// check's problem line, not a failure to list the checks.
/// </summary>
public sealed class S3EngineCheck(IServiceProvider services) : IStorageEngineCheck
{
    public string Section => "storage";

    public async Task<string> CheckAsync(CancellationToken cancellationToken)
    {
        await services.GetRequiredService<IBlobStore>().ProbeAsync(cancellationToken);
        var s3 = services.GetRequiredService<IOptions<S3StorageOptions>>().Value;
        return $"bucket {s3.Bucket} at {(s3.Endpoint is { Length: > 0 } endpoint ? endpoint : $"AWS S3 ({s3.Region})")} takes writes";
    }
}
