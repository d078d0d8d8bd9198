using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary>
/// <see cref="IRobotStore"/>: one robot per name, updated without touching its name, creation and last use; a use is
/// stored only when the last is old enough, and only the first one reports itself as first.
/// </summary>
public abstract class RobotStoreContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private IRobotStore Robots => Store.Get<IRobotStore>();

    [Fact]
    public async Task A_name_is_taken_once_and_robots_are_updated_listed_and_deleted()
    {
        var created = EngineStore.Start.AddDays(-3);
        var robot = new RobotAccount("ocp4+puller", "the cluster's pulls", "sha256:1", created, created.AddDays(90));
        Assert.True(await Robots.CreateAsync(robot, Cancel));
        Assert.False(await Robots.CreateAsync(robot with { Description = "another" }, Cancel));
        Assert.True(await Robots.CreateAsync(new RobotAccount("ci+builder", "", "sha256:2", created, Role: Role.Push), Cancel));

        Assert.Equal(robot, await Robots.FindAsync("ocp4+puller", Cancel));
        Assert.Null(await Robots.FindAsync("ocp4+PULLER", Cancel));
        Assert.Equal(["ci+builder", "ocp4+puller"], (await Robots.ListAsync(Cancel)).Select(r => r.Name));

        var rotated = robot with
        {
            Description = "rotated", SecretHash = "sha256:3", ExpiresAt = null, Role = Role.Pull, PreviousSecretHash = "sha256:1",
            PreviousSecretValidUntil = EngineStore.Start.AddHours(1),
        };
        Assert.True(await Robots.UpdateAsync(rotated with { CreatedAt = EngineStore.Start, LastUsed = EngineStore.Start }, Cancel));
        Assert.False(await Robots.UpdateAsync(rotated with { Name = "ocp4+nobody" }, Cancel));
        Assert.Equal(rotated, await Robots.FindAsync("ocp4+puller", Cancel));

        Assert.True(await Robots.DeleteAsync("ocp4+puller", Cancel));
        Assert.False(await Robots.DeleteAsync("ocp4+puller", Cancel));
        Assert.Null(await Robots.FindAsync("ocp4+puller", Cancel));
    }

    [Fact]
    public async Task A_use_is_recorded_only_once_the_stored_one_is_a_resolution_old_and_only_the_first_is_first()
    {
        await Robots.CreateAsync(new RobotAccount("ocp4+puller", "", "sha256:1", EngineStore.Start), Cancel);
        var resolution = TimeSpan.FromMinutes(5);
        var first = EngineStore.Start;

        Assert.True(await Robots.RecordUseAsync("ocp4+puller", first, resolution, Cancel));
        Assert.False(await Robots.RecordUseAsync("ocp4+puller", first.AddMinutes(5).AddSeconds(-1), resolution, Cancel));
        Assert.Equal(first, (await Robots.FindAsync("ocp4+puller", Cancel))!.LastUsed);

        Assert.False(await Robots.RecordUseAsync("ocp4+puller", first.AddMinutes(5), resolution, Cancel));
        Assert.Equal(first.AddMinutes(5), (await Robots.FindAsync("ocp4+puller", Cancel))!.LastUsed);
        Assert.False(await Robots.RecordUseAsync("nobody+robot", first, resolution, Cancel));
    }

    [Fact]
    public async Task A_robot_created_with_a_last_use_has_had_its_first()
    {
        await Robots.CreateAsync(new RobotAccount("ocp4+imported", "", "sha256:1", EngineStore.Start, LastUsed: EngineStore.Start.AddDays(-1)), Cancel);

        Assert.False(await Robots.RecordUseAsync("ocp4+imported", EngineStore.Start, TimeSpan.FromMinutes(1), Cancel));
        Assert.Equal(EngineStore.Start, (await Robots.FindAsync("ocp4+imported", Cancel))!.LastUsed);
    }
}
