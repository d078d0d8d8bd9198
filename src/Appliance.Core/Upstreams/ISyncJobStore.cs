namespace Appliance.Core.Upstreams;

/// <summary>The sync jobs and the record of their runs, in the metadata database (shared by every replica).</summary>
public interface ISyncJobStore
{
    /// <returns>False when a job of that name exists.</returns>
    Task<bool> AddAsync(SyncJob job, CancellationToken cancellationToken);

    /// <summary>A removed job's runs go with it.</summary>
    Task<bool> RemoveAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<SyncJob>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Records that a run of <paramref name="job"/> started; returns its id.</summary>
    Task<long> StartRunAsync(string job, DateTimeOffset startedAt, CancellationToken cancellationToken);

    Task FinishRunAsync(SyncRunRecord run, CancellationToken cancellationToken);

    /// <summary>The latest runs of <paramref name="job"/> (of every job when null), newest first.</summary>
    Task<IReadOnlyList<SyncRunRecord>> ListRunsAsync(string? job, int limit, CancellationToken cancellationToken);
}
