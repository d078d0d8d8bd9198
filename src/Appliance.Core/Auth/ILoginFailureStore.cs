namespace Appliance.Core.Auth;

/// <summary>
/// Where failed logins are counted: in the memory of a single registry, or in the database that replicas share, so that
/// guesses spread over replicas behind a balancer are throttled as on one.
/// </summary>
public interface ILoginFailureStore
{
    Task<LoginFailures?> FindAsync(string user, string client, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one more failure at <paramref name="at"/>. Records whose last failure is before <paramref name="forgetBefore"/> no
    /// longer throttle anyone and may be dropped, so guesses from many addresses cannot grow the store without bound.
    /// </summary>
    Task RecordFailureAsync(string user, string client, DateTimeOffset at, DateTimeOffset forgetBefore, CancellationToken cancellationToken);

    /// <summary>Forgets the failures after a successful login.</summary>
    Task ClearAsync(string user, string client, CancellationToken cancellationToken);
}
