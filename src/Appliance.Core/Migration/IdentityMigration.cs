namespace Appliance.Core.Migration;

/// <summary>
/// Copies who may do what, after the users: robot accounts (secret hashes, the previous one with its grace, expiry, role,
/// creation and last use, so their pull secrets keep working), local groups with their members, then the grants. Each write
/// is idempotent, so a rerun after a crash sets again what the target has and adds what it lacks.
/// </summary>
internal sealed class IdentityMigration(RegistryStores source, RegistryStores target, IProgress<MigrationProgress>? progress)
{
    public async Task<(CopyCount Robots, CopyCount Groups, CopyCount Grants)> RunAsync(CancellationToken cancellationToken) =>
        (await CopyRobotsAsync(cancellationToken), await CopyGroupsAsync(cancellationToken), await CopyGrantsAsync(cancellationToken));

    /// <summary>A robot the target has already gets the source's secrets, expiry and role (creation stays as the target has it).</summary>
    private async Task<CopyCount> CopyRobotsAsync(CancellationToken cancellationToken)
    {
        var robots = await source.Robots.ListAsync(cancellationToken);
        var count = new CopyCount();
        foreach (var robot in robots)
        {
            var created = await target.Robots.CreateAsync(robot, cancellationToken);
            if (!created) await target.Robots.UpdateAsync(robot, cancellationToken);
            if (robot.LastUsed is { } lastUsed) await target.Robots.RecordUseAsync(robot.Name, lastUsed, TimeSpan.Zero, cancellationToken);
            count = count.Add(created);
            progress?.Report(new MigrationProgress("robot accounts", count.Copied + count.Skipped, robots.Count));
        }
        return count;
    }

    /// <summary>A group counts as copied when it or one of its memberships was new to the target.</summary>
    private async Task<CopyCount> CopyGroupsAsync(CancellationToken cancellationToken)
    {
        var groups = await source.Groups.ListAsync(cancellationToken);
        var count = new CopyCount();
        foreach (var group in groups)
        {
            var copied = await target.Groups.CreateAsync(group.Name, cancellationToken);
            foreach (var member in group.Members) copied |= await target.Groups.AddMemberAsync(group.Name, member, cancellationToken);
            count = count.Add(copied);
            progress?.Report(new MigrationProgress("groups", count.Copied + count.Skipped, groups.Count));
        }
        return count;
    }

    /// <summary>Skipped: grants the target had with the same permission; a different one is set to the source's.</summary>
    private async Task<CopyCount> CopyGrantsAsync(CancellationToken cancellationToken)
    {
        var grants = await source.Grants.ListAsync(cancellationToken);
        var count = new CopyCount();
        foreach (var grant in grants)
        {
            count = count.Add(await target.Grants.SetAsync(grant, cancellationToken));
            progress?.Report(new MigrationProgress("grants", count.Copied + count.Skipped, grants.Count));
        }
        return count;
    }
}
