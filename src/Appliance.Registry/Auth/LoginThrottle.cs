using Appliance.Core.Auth;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Auth;

/// <summary>
/// Slows password guessing per user and client address: after a few failures every further attempt
/// must wait, twice as long each time up to a cap. A success clears the record, so real users are
/// never slowed. The failures are counted in <see cref="ILoginFailureStore"/>, shared by replicas when they share a database.
/// </summary>
public sealed class LoginThrottle(ILoginFailureStore failures, IOptions<AuthOptions> options, TimeProvider clock)
{
    /// <summary>How long the caller must still wait, or null when it may try now.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string user, string client, CancellationToken cancellationToken)
    {
        if (await failures.FindAsync(user, client, cancellationToken) is not { } recorded) return null;
        var wait = recorded.LastFailureAt + Wait(recorded.Count) - clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    public Task RecordFailureAsync(string user, string client, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // A record is of no use once the longest wait it could impose has passed twice over.
        return failures.RecordFailureAsync(user, client, now, now - 2 * TimeSpan.FromSeconds(options.Value.MaxThrottleSeconds), cancellationToken);
    }

    public Task RecordSuccessAsync(string user, string client, CancellationToken cancellationToken) => failures.ClearAsync(user, client, cancellationToken);

    /// <summary>The wait after the <paramref name="count"/>th failure: none before the threshold, then 1 s, 2 s, 4 s... up to the cap.</summary>
    private TimeSpan Wait(int count)
    {
        var over = count - options.Value.FailuresBeforeThrottling;
        return over < 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, over), options.Value.MaxThrottleSeconds));
    }
}
