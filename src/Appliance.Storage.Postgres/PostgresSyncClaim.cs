using Appliance.Core.Upstreams;

namespace Appliance.Storage.Postgres;

/// <summary>One sync run at a time across replicas: the session advisory lock garbage collection uses, under a key of its own.</summary>
public sealed class PostgresSyncClaim(GarbageCollectionClaim claim) : ISyncRunClaim
{
    /// <summary>"APPLSYNC" in ASCII.</summary>
    private const long SyncLock = 0x4150_504C_5359_4E43;

    public Task<IAsyncDisposable?> TryTakeAsync(CancellationToken cancellationToken) => claim.TryTakeAsync(SyncLock, cancellationToken);
}
