namespace Appliance.Core.Identity;

/// <summary>An LDAP or Active Directory server the registry checks passwords and group memberships against.</summary>
public interface IDirectory
{
    /// <summary>
    /// The account when the directory knows <paramref name="user"/> and accepts <paramref name="password"/>; null otherwise.
    /// Throws <see cref="DirectoryUnavailableException"/> when the directory cannot be reached or does not answer in time.
    /// </summary>
    Task<DirectoryAccount?> AuthenticateAsync(string user, string password, CancellationToken cancellationToken);

    /// <summary>The current groups of a user who logged in before (for a membership cache that expired); null when the user is gone.</summary>
    Task<IReadOnlyList<string>?> GroupsOfAsync(string distinguishedName, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="DirectoryUnavailableException"/> when the directory cannot be reached (readiness asks this).</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
