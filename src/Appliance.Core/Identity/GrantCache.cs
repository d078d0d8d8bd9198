namespace Appliance.Core.Identity;

/// <summary>
/// The grants in memory, read again from the store when older than <see cref="MaxAge"/> (so a change made on another
/// replica takes effect within it) and at once after a change made here. Access checks never wait for the database
/// while a fresh enough copy exists.
/// </summary>
public sealed class GrantCache(IGrantStore store, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private (GrantSet Grants, DateTimeOffset LoadedAt)? _current;

    public async ValueTask<GrantSet> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && clock.GetUtcNow() - current.LoadedAt < MaxAge) return current.Grants;
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } loaded && clock.GetUtcNow() - loaded.LoadedAt < MaxAge) return loaded.Grants;
            var grants = new GrantSet(await store.ListAsync(cancellationToken));
            _current = (grants, clock.GetUtcNow());
            return grants;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Forgets the copy after a change, so the next check reads the store.</summary>
    public void Invalidate() => _current = null;
}
