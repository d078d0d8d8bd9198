namespace Appliance.Core.Auth;

public interface IUserStore
{
    Task<RegistryUser?> FindAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<RegistryUser>> ListAsync(CancellationToken cancellationToken);

    /// <summary>False when a user of that name exists already.</summary>
    Task<bool> CreateAsync(RegistryUser user, CancellationToken cancellationToken);

    Task<bool> UpdateAsync(RegistryUser user, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);
}
