using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Registry.Audit;
using Appliance.Core.Errors;

namespace Appliance.Registry.Auth;

/// <summary>
/// Checks user name and password, throttled per user and client. bcrypt is deliberately slow, so a
/// credential that verified recently is remembered (as a keyed hash, never the password) for clients
/// that send Basic credentials on every request. Every successful check is a login, recorded as the user's last login.
/// </summary>
public sealed class CredentialVerifier(UserService users, PrincipalLookup principals, LoginThrottle throttle, AuditTrail audit,
    LastLoginRecorder logins, TimeProvider clock)
{
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(5);
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (string PasswordHash, DateTimeOffset Until)> _verified = new();

    /// <returns>The principal (with its current groups), or null when the credentials are wrong.</returns>
    public async Task<Principal?> VerifyAsync(BasicCredentials credentials, string client, CancellationToken cancellationToken)
    {
        if (await throttle.RetryAfterAsync(credentials.User, client, cancellationToken) is { } wait)
        {
            Metrics.RegistryMetrics.ThrottledLogins.Inc();
            throw new RegistryException(OciErrorCode.TooManyRequests,
                $"too many failed logins for {credentials.User}; retry in {Math.Ceiling(wait.TotalSeconds)} s",
                new { retryAfterSeconds = (int)Math.Ceiling(wait.TotalSeconds) }) { RetryAfter = wait };
        }

        var key = CacheKey(credentials);
        if (_verified.TryGetValue(key, out var remembered) && remembered.Until > clock.GetUtcNow())
        {
            var current = await users.FindAsync(credentials.User, cancellationToken);
            // A changed password (or a deleted user) invalidates what was remembered.
            if (current is not null && current.PasswordHash == remembered.PasswordHash)
            {
                logins.Record(current.Name);
                return await principals.ForUserAsync(current, cancellationToken);
            }
            _verified.TryRemove(key, out _);
        }

        var user = await users.AuthenticateAsync(credentials.User, credentials.Password, cancellationToken);
        if (user is null)
        {
            // Not cancelled with the request: a guesser hanging up early must still be counted.
            await throttle.RecordFailureAsync(credentials.User, client, CancellationToken.None);
            Metrics.RegistryMetrics.FailedLogins.Inc();
            audit.Record(AuditActions.LoginFailure, credentials.User, client);
            return null;
        }
        await throttle.RecordSuccessAsync(credentials.User, client, cancellationToken);
        if (_verified.Count > 10_000) _verified.Clear();
        _verified[key] = (user.PasswordHash, clock.GetUtcNow() + Remember);
        logins.Record(user.Name);
        return await principals.ForUserAsync(user, cancellationToken);
    }

    private string CacheKey(BasicCredentials credentials) =>
        Convert.ToBase64String(HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes($"{credentials.User}\0{credentials.Password}")));
}
