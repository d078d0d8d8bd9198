using Appliance.Core.Auth;
using Appliance.Core.Identity;

namespace Appliance.Import.Quay;

/// <summary>A Quay user as this registry keeps it: the same bcrypt hash (marked as bcrypt of the password itself) and a global role.</summary>
public sealed record QuayImportedUser(string Name, string PasswordHash, Role Role);

/// <summary>A robot account and its token in clear, as clusters' pull secrets hold it (stored here only hashed).</summary>
public sealed record QuayImportedRobot(string Name, string Token);

/// <summary>
/// Quay's users, robots, organizations and permissions mapped onto this registry's: superusers become admins, every
/// other user gets the Pull role; repository permissions (their own, and their teams') become grants on the
/// repository's namespace (write or admin: Push; read: Pull); an organization's admin teams get Admin on it, its creator
/// teams Push; a user owns the namespace of their name (Admin); a namespace whose repositories are all public gets an
/// anonymous Pull grant. Grants are per namespace, which is coarser than Quay's per repository: the widest wins.
/// </summary>
public sealed class QuayIdentities
{
    public QuayIdentities(QuaySnapshot snapshot, QuayConfig config)
    {
        var superUsers = config.SuperUsers.ToHashSet(StringComparer.Ordinal);
        var byId = snapshot.Users.ToDictionary(u => u.Id);
        var notMoved = new List<string>();
        foreach (var user in snapshot.People)
        {
            if (!user.Enabled) notMoved.Add($"user {user.Name}: disabled in Quay, not created");
            else if (user.PasswordHash is null) notMoved.Add($"user {user.Name}: no password in Quay (an external login), not created");
            else Users.Add(new QuayImportedUser(user.Name, PlainBcryptHash.Of(user.PasswordHash), superUsers.Contains(user.Name) ? Role.Admin : Role.Pull));
        }
        var decryption = config.DatabaseSecretKey is { } key ? new Core.Import.Quay.QuayFieldDecryption(key) : null;
        foreach (var robot in snapshot.Robots)
        {
            var token = snapshot.RobotTokens.TryGetValue(robot.Id, out var stored) ? decryption?.Decrypt(stored) : null;
            if (token is null) UndecryptableRobots.Add(robot.Name);
            else Robots.Add(new QuayImportedRobot(robot.Name, token));
        }

        var grants = new Dictionary<(PrincipalKind, string, string), NamespacePermission>();
        void Grant(QuayUser? principal, string @namespace, NamespacePermission permission)
        {
            if (principal is null || principal.IsOrganization || !principal.Enabled) return;
            var kind = principal.IsRobot ? PrincipalKind.Robot : PrincipalKind.User;
            var grantKey = (kind, principal.Name, @namespace);
            if (!grants.TryGetValue(grantKey, out var held) || held < permission) grants[grantKey] = permission;
        }
        foreach (var user in snapshot.People) Grant(user, user.Name, NamespacePermission.Admin);
        var teams = snapshot.Teams.ToDictionary(t => t.Id);
        foreach (var team in snapshot.Teams)
        {
            var permission = team.Role switch { "admin" => NamespacePermission.Admin, "creator" => NamespacePermission.Push, _ => (NamespacePermission?)null };
            if (permission is null || !byId.TryGetValue(team.OrganizationId, out var organization)) continue;
            foreach (var member in team.Members) Grant(byId.GetValueOrDefault(member), organization.Name, permission.Value);
        }
        var repositories = snapshot.Repositories.ToDictionary(r => r.Id);
        foreach (var permission in snapshot.Permissions)
        {
            var level = permission.Role is "admin" or "write" ? NamespacePermission.Push : NamespacePermission.Pull;
            var @namespace = repositories[permission.RepositoryId].Namespace;
            if (permission.UserId is { } userId) Grant(byId.GetValueOrDefault(userId), @namespace, level);
            if (permission.TeamId is { } teamId && teams.TryGetValue(teamId, out var team))
            {
                foreach (var member in team.Members) Grant(byId.GetValueOrDefault(member), @namespace, level);
            }
        }
        foreach (var (@namespace, members) in snapshot.Repositories.GroupBy(r => r.Namespace).Select(g => (g.Key, g.ToList())))
        {
            var open = members.Where(r => r.IsPublic).Select(r => r.Path).ToList();
            if (open.Count == members.Count) grants[(PrincipalKind.Anonymous, "", @namespace)] = NamespacePermission.Pull;
            else if (open.Count > 0)
            {
                notMoved.Add($"public repositories {string.Join(", ", open)}: namespace {@namespace} also has private ones and grants are per namespace, "
                    + "so pulling them needs credentials here");
            }
        }
        Grants = [.. grants.Where(g => NamespacePattern.IsValid(g.Key.Item3))
            .Select(g => new Grant(g.Key.Item1, g.Key.Item2, g.Key.Item3, g.Value))
            .OrderBy(g => g.Namespace, StringComparer.Ordinal).ThenBy(g => g.Kind).ThenBy(g => g.Principal, StringComparer.Ordinal)];
        NotMoved = notMoved;
    }

    public List<QuayImportedUser> Users { get; } = [];

    public List<QuayImportedRobot> Robots { get; } = [];

    /// <summary>Robots whose token DATABASE_SECRET_KEY does not decrypt (or that have none): named, not moved.</summary>
    public List<string> UndecryptableRobots { get; } = [];

    public IReadOnlyList<Grant> Grants { get; }

    public IReadOnlyList<string> NotMoved { get; }

    /// <summary>Whether a user or robot holds any grant above Pull (for a registry without namespace grants: the Push role).</summary>
    public bool CanPush(string name) => Grants.Any(g => g.Principal == name && g.Kind != PrincipalKind.Anonymous && g.Permission >= NamespacePermission.Push);
}
