namespace Appliance.Core.Auth;

public interface IUserStore
{
    Task<RegistryUser?> FindAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<RegistryUser>> ListAsync(CancellationToken cancellationToken);

    /// <summary>False when a user of that name exists already.</summary>
    Task<bool> CreateAsync(RegistryUser user, CancellationToken cancellationToken);

    Task<bool> UpdateAsync(RegistryUser user, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="at"/> as the user's last login unless the stored one is less than <paramref name="resolution"/>
    /// older: one conditional update, so frequent logins of one user rarely write.
    /// </summary>
    Task RecordLoginAsync(string name, DateTimeOffset at, TimeSpan resolution, CancellationToken cancellationToken);
}
