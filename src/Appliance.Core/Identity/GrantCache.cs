using Appliance.Core.Services;

namespace Appliance.Core.Identity;

/// <summary>
/// The grants in memory, read again from the store when older than <see cref="MaxAge"/> (so a change made on another
/// replica takes effect within it) and at once after a change made here. Access checks never wait for the database
/// while a fresh enough copy exists.
/// </summary>
public sealed class GrantCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly StoreCopy<GrantSet> _copy;

    public GrantCache(IGrantStore store, TimeProvider clock) =>
        _copy = new StoreCopy<GrantSet>(async cancellationToken => new GrantSet(await store.ListAsync(cancellationToken)), MaxAge, clock);

    public ValueTask<GrantSet> GetAsync(CancellationToken cancellationToken) => _copy.GetAsync(cancellationToken);

    /// <summary>Forgets the copy after a change, so the next check reads the store.</summary>
    public void Invalidate() => _copy.Invalidate();
}
