using System.Security.Cryptography;
using System.Text;
using Appliance.Core.Auth;

namespace Appliance.Core.Identity;

/// <summary>
/// Robot accounts: creation with a generated secret (shown once, stored only as a hash), rotation with an optional grace
/// period for the previous secret, deletion with the robot's grants, and the secret check.
/// </summary>
public sealed class RobotService(IRobotStore robots, IGrantStore grants, GrantCache cache, TimeProvider clock)
{
    public const int SecretLength = 64;

    private const string HashPrefix = "sha256:";

    /// <summary>
    /// The stored form of a secret. SHA-256, not bcrypt: bcrypt's cost protects passwords people choose, which guessing
    /// finds; a secret of 64 random characters (over 370 bits) cannot be guessed from its hash however fast the hash is,
    /// and a fast check keeps a cluster pulling all day off the CPU. Public because the Quay takeover stores the robot
    /// tokens it imports through it.
    /// </summary>
    public static string HashSecret(string secret) => HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary><c>namespace+name</c>: the namespace a valid namespace name (no pattern), the short name as Quay allows, <c>[a-z0-9_]{1,64}</c>.</summary>
    public static bool IsValidName(string name)
    {
        var separator = name.IndexOf(RobotAccount.Separator);
        if (separator <= 0) return false;
        var @namespace = name[..separator];
        var shortName = name[(separator + 1)..];
        return NamespacePattern.IsValid(@namespace) && !@namespace.Contains('*')
            && shortName.Length is > 0 and <= 64 && shortName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
    }

    /// <summary>Creates <c>namespace+shortName</c>; returns it with its secret, which is not kept and cannot be shown again.</summary>
    public async Task<(RobotAccount Robot, string Secret)> AddAsync(string @namespace, string shortName, string description,
        DateTimeOffset? expiresAt, Role? role, CancellationToken cancellationToken)
    {
        var name = $"{@namespace}{RobotAccount.Separator}{shortName}";
        if (!IsValidName(name))
        {
            throw new ArgumentException($"robot name '{name}' must be a namespace name, '+', and 1-64 lower-case letters, digits or '_'");
        }
        var now = clock.GetUtcNow();
        if (expiresAt <= now) throw new ArgumentException($"the expiry {expiresAt:u} has passed");
        var secret = UserService.GeneratePassword(SecretLength);
        var robot = new RobotAccount(name, description, HashSecret(secret), ToSeconds(now), expiresAt is { } expiry ? ToSeconds(expiry) : null, role);
        if (!await robots.CreateAsync(robot, cancellationToken)) throw new InvalidOperationException($"robot '{name}' exists already");
        return (robot, secret);
    }

    /// <summary>
    /// Gives the robot a new secret and returns it; the previous one stays valid for <paramref name="grace"/> (zero: it is
    /// revoked at once). A secret still in an earlier grace period is revoked: only the newest two are ever valid.
    /// </summary>
    public async Task<string> RotateAsync(string name, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (grace < TimeSpan.Zero) throw new ArgumentException("the grace period cannot be negative");
        var robot = await robots.FindAsync(name, cancellationToken) ?? throw UnknownRobot(name);
        var secret = UserService.GeneratePassword(SecretLength);
        var keepPrevious = grace > TimeSpan.Zero;
        var rotated = robot with
        {
            SecretHash = HashSecret(secret),
            PreviousSecretHash = keepPrevious ? robot.SecretHash : null,
            PreviousSecretValidUntil = keepPrevious ? clock.GetUtcNow() + grace : null,
        };
        if (!await robots.UpdateAsync(rotated, cancellationToken)) throw UnknownRobot(name);
        return secret;
    }

    /// <summary>
    /// Revokes the robot at once, and its grants with it. The grants go first: interrupted in between, the robot is left
    /// without them, rather than grants left for whoever makes a robot of that name again.
    /// </summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (await robots.FindAsync(name, cancellationToken) is null) throw UnknownRobot(name);
        await grants.RemoveAllOfAsync(PrincipalKind.Robot, name, cancellationToken);
        cache.Invalidate();
        if (!await robots.DeleteAsync(name, cancellationToken)) throw UnknownRobot(name);
    }

    /// <summary>The robot when <paramref name="secret"/> is its secret, or its previous one within the grace period, and it has not expired.</summary>
    public async Task<RobotAccount?> AuthenticateAsync(string name, string secret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var robot = await robots.FindAsync(name, cancellationToken);
        if (robot is null || robot.ExpiresAt <= now) return null;
        var hash = HashSecret(secret);
        if (SameHash(hash, robot.SecretHash)) return robot;
        return robot.PreviousSecretHash is { } previous && now < robot.PreviousSecretValidUntil && SameHash(hash, previous) ? robot : null;
    }

    public Task<IReadOnlyList<RobotAccount>> ListAsync(CancellationToken cancellationToken) => robots.ListAsync(cancellationToken);

    public Task<RobotAccount?> FindAsync(string name, CancellationToken cancellationToken) => robots.FindAsync(name, cancellationToken);

    /// <summary>In constant time, so the time a wrong secret takes tells nothing about how much of its hash matched.</summary>
    private static bool SameHash(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    /// <summary>The store keeps seconds; the robot returned is the one a later read gives.</summary>
    private static DateTimeOffset ToSeconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    private static InvalidOperationException UnknownRobot(string name) => new($"robot '{name}' does not exist");
}
