using Appliance.Core.Names;

namespace Appliance.Core.Storage;

/// <summary>Upload sessions are persisted so a restarted server can resume them.</summary>
public interface IUploadSessions
{
    Task CreateAsync(UploadSession session, CancellationToken cancellationToken);

    Task<UploadSession?> FindAsync(UploadId id, CancellationToken cancellationToken);

    Task DeleteAsync(UploadId id, CancellationToken cancellationToken);
}

public sealed record UploadSession(UploadId Id, RepositoryName Repository, DateTimeOffset StartedAt);
