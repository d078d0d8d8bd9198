using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Errors;
using Appliance.Core.Identity;
using Appliance.Registry.Audit;

namespace Appliance.Registry.Auth;

/// <summary>
/// Checks a name and a password, throttled per name and client: a robot account's secret (names with '+'), a local user's
/// password, or, for names no local user has, the directory's (local users first, so the local admin always works). bcrypt
/// and directory binds are deliberately slow, so a credential that verified recently is remembered (as a keyed hash, never
/// the password) for clients that send Basic credentials on every request. Every successful check is a login, recorded as
/// the user's last login or the robot's last use.
/// </summary>
public sealed class CredentialVerifier(UserService users, RobotService robots, PrincipalLookup principals, LoginThrottle throttle,
    AuditTrail audit, LastLoginRecorder logins, RobotUseRecorder robotUses, TimeProvider clock, IServiceProvider services)
{
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(5);
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (string Fingerprint, DateTimeOffset Until)> _verified = new();
    private readonly DirectoryLogin? _directory = services.GetService<DirectoryLogin>();

    /// <returns>The principal (with its current groups), or null when the credentials are wrong.</returns>
    /// <exception cref="RegistryException">Throttled (429), or the directory is needed and cannot be reached (503).</exception>
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
            // A changed password or secret, a deleted account or an expired robot invalidates what was remembered.
            if (await StillValidAsync(credentials.User, remembered.Fingerprint, cancellationToken) is { } current)
            {
                Used(current, client);
                return current;
            }
            _verified.TryRemove(key, out _);
        }

        var (principal, fingerprint) = await AuthenticateAsync(credentials, cancellationToken);
        if (principal is null)
        {
            // Not cancelled with the request: a guesser hanging up early must still be counted.
            await throttle.RecordFailureAsync(credentials.User, client, CancellationToken.None);
            Metrics.RegistryMetrics.FailedLogins.Inc();
            audit.Record(AuditActions.LoginFailure, credentials.User, client);
            return null;
        }
        await throttle.RecordSuccessAsync(credentials.User, client, cancellationToken);
        if (_verified.Count > 10_000) _verified.Clear();
        _verified[key] = (fingerprint!, clock.GetUtcNow() + Remember);
        Used(principal, client);
        return principal;
    }

    /// <returns>The principal and what identifies the credential it was checked against (to tell later whether it changed).</returns>
    private async Task<(Principal?, string?)> AuthenticateAsync(BasicCredentials credentials, CancellationToken cancellationToken)
    {
        if (RobotAccount.IsRobotName(credentials.User))
        {
            var robot = await robots.AuthenticateAsync(credentials.User, credentials.Password, clock.GetUtcNow(), cancellationToken);
            return robot is null ? (null, null) : (Principal.Robot(robot), RobotService.HashSecret(credentials.Password));
        }
        if (_directory is not null && await users.FindAsync(credentials.User, cancellationToken) is null)
        {
            var directoryUser = await DirectoryAsync(() => _directory.LoginAsync(credentials.User, credentials.Password, cancellationToken));
            return (directoryUser, DirectoryFingerprint);
        }
        var user = await users.AuthenticateAsync(credentials.User, credentials.Password, cancellationToken);
        return user is null ? (null, null) : (await principals.ForUserAsync(user, cancellationToken), user.PasswordHash);
    }

    private const string DirectoryFingerprint = "directory";

    private async Task<Principal?> StillValidAsync(string name, string fingerprint, CancellationToken cancellationToken)
    {
        if (fingerprint == DirectoryFingerprint)
        {
            return _directory is null ? null : await DirectoryAsync(() => _directory.RememberedAsync(name, cancellationToken));
        }
        if (RobotAccount.IsRobotName(name))
        {
            var robot = await robots.FindAsync(name, cancellationToken);
            var now = clock.GetUtcNow();
            var valid = robot is not null && !(robot.ExpiresAt <= now)
                && (robot.SecretHash == fingerprint || robot.PreviousSecretHash == fingerprint && now < robot.PreviousSecretValidUntil);
            return valid ? Principal.Robot(robot!) : null;
        }
        var user = await users.FindAsync(name, cancellationToken);
        return user is not null && user.PasswordHash == fingerprint ? await principals.ForUserAsync(user, cancellationToken) : null;
    }

    /// <summary>A directory that cannot be reached is the registry's problem, not the caller's: 503 with the reason, no throttling.</summary>
    private static async Task<Principal?> DirectoryAsync(Func<Task<Principal?>> login)
    {
        try
        {
            return await login();
        }
        catch (DirectoryUnavailableException error)
        {
            throw new RegistryException(OciErrorCode.Unavailable, $"directory logins are unavailable: {error.Message}");
        }
    }

    private void Used(Principal principal, string client)
    {
        if (principal.Kind == PrincipalKind.Robot) robotUses.Record(principal.Name, client);
        else logins.Record(principal.Name);
    }

    private string CacheKey(BasicCredentials credentials) =>
        Convert.ToBase64String(HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes($"{credentials.User}\0{credentials.Password}")));
}
