namespace Appliance.Core.Identity;

/// <summary>Robot accounts, kept by the metadata engine (shared by replicas).</summary>
public interface IRobotStore
{
    Task<RobotAccount?> FindAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<RobotAccount>> ListAsync(CancellationToken cancellationToken);

    /// <summary>False when a robot of that name exists already.</summary>
    Task<bool> CreateAsync(RobotAccount robot, CancellationToken cancellationToken);

    /// <summary>Replaces everything but the name, creation and last-used times; false when there is no such robot.</summary>
    Task<bool> UpdateAsync(RobotAccount robot, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="at"/> as the last use unless the stored one is less than <paramref name="resolution"/> older (one
    /// conditional update, so a cluster pulling all day rarely writes); true when it was the robot's first use at all.
    /// </summary>
    Task<bool> RecordUseAsync(string name, DateTimeOffset at, TimeSpan resolution, CancellationToken cancellationToken);
}
