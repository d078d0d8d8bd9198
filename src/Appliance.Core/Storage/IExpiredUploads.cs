namespace Appliance.Core.Storage;

public interface IExpiredUploads
{
    Task<IReadOnlyList<UploadId>> ListStartedBeforeAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken);
}
