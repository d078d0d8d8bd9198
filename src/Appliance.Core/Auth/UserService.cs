using System.Security.Cryptography;
using Appliance.Core.Identity;

namespace Appliance.Core.Auth;

/// <summary>
/// User accounts: creation, password checks and changes. Passwords are only ever stored hashed. A deleted user takes its
/// grants and group memberships along, so a new user of the same name starts without them.
/// </summary>
public sealed class UserService(IUserStore store, IPasswordHasher hasher, IGrantStore grants, IGroupStore groups, GrantCache cache)
{
    private const string PasswordAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private readonly Lazy<string> _unknownUserHash = new(() => hasher.Hash(GeneratePassword()));

    public static string GeneratePassword(int length = 32) => RandomNumberGenerator.GetString(PasswordAlphabet, length);

    public async Task<RegistryUser?> AuthenticateAsync(string name, string password, CancellationToken cancellationToken)
    {
        var user = await store.FindAsync(name, cancellationToken);
        if (user is null)
        {
            // Spend the same time as a real check so response times do not reveal which users exist.
            hasher.Verify(password, _unknownUserHash.Value);
            return null;
        }
        return hasher.Verify(password, user.PasswordHash) ? user : null;
    }

    public async Task<RegistryUser> AddAsync(string name, Role role, string password, CancellationToken cancellationToken)
    {
        AccountName.Validate(name, "user");
        ValidatePassword(password);
        var user = new RegistryUser(name, role, hasher.Hash(password));
        if (!await store.CreateAsync(user, cancellationToken)) throw new InvalidOperationException($"user '{name}' exists already");
        return user;
    }

    public async Task SetPasswordAsync(string name, string password, CancellationToken cancellationToken)
    {
        ValidatePassword(password);
        var user = await store.FindAsync(name, cancellationToken) ?? throw UnknownUser(name);
        await store.UpdateAsync(user with { PasswordHash = hasher.Hash(password) }, cancellationToken);
    }

    public async Task SetRoleAsync(string name, Role role, CancellationToken cancellationToken)
    {
        var user = await store.FindAsync(name, cancellationToken) ?? throw UnknownUser(name);
        await store.UpdateAsync(user with { Role = role }, cancellationToken);
    }

    /// <summary>
    /// Grants and memberships first, as for robots and groups: interrupted, the user is left without them rather than they
    /// are left for a user made again under the name.
    /// </summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(name, cancellationToken) is null) throw UnknownUser(name);
        await grants.RemoveAllOfAsync(PrincipalKind.User, name, cancellationToken);
        await groups.RemoveMemberEverywhereAsync(name, cancellationToken);
        cache.Invalidate();
        if (!await store.DeleteAsync(name, cancellationToken)) throw UnknownUser(name);
    }

    public Task<IReadOnlyList<RegistryUser>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public Task<RegistryUser?> FindAsync(string name, CancellationToken cancellationToken) => store.FindAsync(name, cancellationToken);

    private static void ValidatePassword(string password)
    {
        if (password.Length < 8) throw new ArgumentException("passwords must have at least 8 characters");
        if (password.Length > 72) throw new ArgumentException("passwords must have at most 72 characters (bcrypt's limit)");
    }

    private static InvalidOperationException UnknownUser(string name) => new($"user '{name}' does not exist");
}
