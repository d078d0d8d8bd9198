namespace Appliance.Core.Services;

/// <summary>
/// A copy in memory of what a store holds, read again when older than <paramref name="maxAge"/> (so a change made on another
/// replica shows within it) and at once after <see cref="Invalidate"/> (a change made here). Callers never wait for the
/// database while a fresh enough copy exists; one read runs at a time.
/// </summary>
public sealed class StoreCopy<T>(Func<CancellationToken, Task<T>> load, TimeSpan maxAge, TimeProvider clock) where T : class
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private (T Value, DateTimeOffset LoadedAt)? _current;

    public async ValueTask<T> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && clock.GetUtcNow() - current.LoadedAt < maxAge) return current.Value;
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } loaded && clock.GetUtcNow() - loaded.LoadedAt < maxAge) return loaded.Value;
            var value = await load(cancellationToken);
            _current = (value, clock.GetUtcNow());
            return value;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Forgets the copy after a change, so the next read asks the store.</summary>
    public void Invalidate() => _current = null;
}
