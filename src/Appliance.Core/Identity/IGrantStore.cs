namespace Appliance.Core.Identity;

/// <summary>The grants, kept by the metadata engine (shared by replicas).</summary>
public interface IGrantStore
{
    Task<IReadOnlyList<Grant>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds the grant, or changes the permission of the one with the same principal and namespace; false when nothing changed.</summary>
    Task<bool> SetAsync(Grant grant, CancellationToken cancellationToken);

    /// <summary>False when there was no grant for that principal on that namespace pattern.</summary>
    Task<bool> RemoveAsync(PrincipalKind kind, string principal, string @namespace, CancellationToken cancellationToken);

    /// <summary>Removes every grant of a principal (a deleted robot, user or group); returns how many.</summary>
    Task<int> RemoveAllOfAsync(PrincipalKind kind, string principal, CancellationToken cancellationToken);
}
