using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Auth;

/// <summary>
/// Slows password guessing per user and client address: after a few failures every further attempt
/// must wait, twice as long each time up to a cap. A success clears the record, so real users are
/// never slowed.
/// </summary>
public sealed class LoginThrottle(IOptions<AuthOptions> options, TimeProvider clock)
{
    private const int MaxTrackedClients = 100_000;
    private readonly ConcurrentDictionary<(string User, string Client), Failures> _failures = new();

    /// <summary>How long the caller must still wait, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string user, string client)
    {
        if (!_failures.TryGetValue((user, client), out var failures)) return null;
        var wait = failures.BlockedUntil - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public void RecordFailure(string user, string client)
    {
        if (_failures.Count > MaxTrackedClients) Prune();
        _failures.AddOrUpdate((user, client),
            _ => Next(0),
            (_, previous) => Next(previous.Count));
    }

    public void RecordSuccess(string user, string client) => _failures.TryRemove((user, client), out _);

    private Failures Next(int previousCount)
    {
        var count = previousCount + 1;
        var over = count - options.Value.FailuresBeforeThrottling;
        var wait = over < 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, over), options.Value.MaxThrottleSeconds));
        return new Failures(count, clock.GetUtcNow() + wait);
    }

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, failures) in _failures)
        {
            if (failures.BlockedUntil + TimeSpan.FromSeconds(options.Value.MaxThrottleSeconds) < now) _failures.TryRemove(key, out _);
        }
    }

    private sealed record Failures(int Count, DateTimeOffset BlockedUntil);
}
