using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Registry.Auth;
using Appliance.Storage.Contract.Tests.Engines;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary>
/// The rules of <see cref="RobotService"/>, <see cref="GrantService"/>, <see cref="GroupService"/> and what
/// <see cref="UserService"/> does to grants and groups over the engines'
/// stores, with the registry's <see cref="GrantCache"/>: what they refuse, and what a change does to secrets and grants.
/// </summary>
public abstract class IdentityServicesContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private RobotService Robots => Store.Get<RobotService>();
    private GrantService Grants => Store.Get<GrantService>();
    private GroupService Groups => Store.Get<GroupService>();
    private UserService Users => Store.Get<UserService>();

    protected override void Configure(IServiceCollection services) =>
        services.AddSingleton<GrantCache>().AddSingleton<GrantService>().AddSingleton<RobotService>().AddSingleton<GroupService>()
            .AddSingleton<IPasswordHasher, BcryptPasswordHasher>().AddSingleton<UserService>();

    [Fact]
    public async Task A_robots_secret_is_shown_once_stored_as_its_hash_and_checked()
    {
        var (robot, secret) = await Robots.AddAsync("ocp4", "puller", "the cluster", null, Role.Pull, Cancel);

        Assert.Equal("ocp4+puller", robot.Name);
        Assert.Equal(RobotService.SecretLength, secret.Length);
        var stored = (await Store.Get<IRobotStore>().FindAsync("ocp4+puller", Cancel))!;
        Assert.Equal(robot, stored);
        Assert.Equal(RobotService.HashSecret(secret), stored.SecretHash);
        Assert.Matches("^sha256:[0-9a-f]{64}$", stored.SecretHash);
        Assert.DoesNotContain(secret, stored.SecretHash);

        Assert.Equal(robot, await Robots.AuthenticateAsync("ocp4+puller", secret, Clock.GetUtcNow(), Cancel));
        Assert.Null(await Robots.AuthenticateAsync("ocp4+puller", secret[..^1], Clock.GetUtcNow(), Cancel));
        Assert.Null(await Robots.AuthenticateAsync("ocp4+other", secret, Clock.GetUtcNow(), Cancel));
        Assert.NotEqual(secret, (await Robots.AddAsync("ocp4", "other", "", null, null, Cancel)).Secret);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Robots.AddAsync("ocp4", "puller", "", null, null, Cancel));
    }

    [Theory]
    [InlineData("Ocp4", "puller")]
    [InlineData("team-*", "puller")]
    [InlineData("", "puller")]
    [InlineData("ocp4", "")]
    [InlineData("ocp4", "Puller")]
    [InlineData("ocp4", "pull-er")]
    [InlineData("ocp4", "pull+er")]
    [InlineData("ocp4", "a12345678901234567890123456789012345678901234567890123456789012345")]
    public async Task A_robot_name_is_a_namespace_and_a_short_name_as_Quay_allows(string @namespace, string shortName)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Robots.AddAsync(@namespace, shortName, "", null, null, Cancel));
        Assert.Empty(await Robots.ListAsync(Cancel));
    }

    [Fact]
    public async Task An_expired_robot_is_refused()
    {
        var (_, secret) = await Robots.AddAsync("ocp4", "puller", "", Clock.GetUtcNow().AddHours(1), null, Cancel);

        Assert.NotNull(await Robots.AuthenticateAsync("ocp4+puller", secret, Clock.GetUtcNow().AddHours(1).AddSeconds(-1), Cancel));
        Assert.Null(await Robots.AuthenticateAsync("ocp4+puller", secret, Clock.GetUtcNow().AddHours(1), Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => Robots.AddAsync("ocp4", "late", "", Clock.GetUtcNow(), null, Cancel));
    }

    [Fact]
    public async Task After_a_rotation_the_previous_secret_works_only_during_the_grace_period()
    {
        var (_, first) = await Robots.AddAsync("ocp4", "puller", "", null, null, Cancel);
        var now = Clock.GetUtcNow();

        var second = await Robots.RotateAsync("ocp4+puller", TimeSpan.FromHours(1), Cancel);
        Assert.NotEqual(first, second);
        Assert.NotNull(await Robots.AuthenticateAsync("ocp4+puller", second, now, Cancel));
        Assert.NotNull(await Robots.AuthenticateAsync("ocp4+puller", first, now.AddHours(1).AddSeconds(-1), Cancel));
        Assert.Null(await Robots.AuthenticateAsync("ocp4+puller", first, now.AddHours(1), Cancel));

        var third = await Robots.RotateAsync("ocp4+puller", TimeSpan.Zero, Cancel);
        Assert.Null(await Robots.AuthenticateAsync("ocp4+puller", second, now, Cancel));
        Assert.Null(await Robots.AuthenticateAsync("ocp4+puller", first, now, Cancel));
        Assert.NotNull(await Robots.AuthenticateAsync("ocp4+puller", third, now, Cancel));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Robots.RotateAsync("ocp4+nobody", TimeSpan.Zero, Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => Robots.RotateAsync("ocp4+puller", TimeSpan.FromSeconds(-1), Cancel));
    }

    [Fact]
    public async Task A_deleted_robot_is_refused_at_once_and_its_grants_go_with_it()
    {
        var (_, secret) = await Robots.AddAsync("ocp4", "puller", "", null, null, Cancel);
        await Robots.AddAsync("ocp4", "pusher", "", null, null, Cancel);
        await Grants.SetAsync(new Grant(PrincipalKind.Robot, "ocp4+puller", "ocp4", NamespacePermission.Pull), Cancel);
        await Grants.SetAsync(new Grant(PrincipalKind.Robot, "ocp4+pusher", "ocp4", NamespacePermission.Push), Cancel);
        var cache = Store.Get<GrantCache>();
        Assert.True((await cache.GetAsync(Cancel)).HasAny(PrincipalKind.Robot, "ocp4+puller"));

        await Robots.DeleteAsync("ocp4+puller", Cancel);

        Assert.Null(await Robots.AuthenticateAsync("ocp4+puller", secret, Clock.GetUtcNow(), Cancel));
        Assert.Equal(["ocp4+pusher"], (await Grants.ListAsync(Cancel)).Select(g => g.Principal));
        Assert.False((await cache.GetAsync(Cancel)).HasAny(PrincipalKind.Robot, "ocp4+puller"), "the cache forgot the robot's grants at once");
        await Assert.ThrowsAsync<InvalidOperationException>(() => Robots.DeleteAsync("ocp4+puller", Cancel));
    }

    [Fact]
    public async Task A_grant_takes_effect_at_once_and_is_removed()
    {
        await Store.Get<IUserStore>().CreateAsync(new RegistryUser("alice", Role.Pull, "hash"), Cancel);
        var cache = Store.Get<GrantCache>();
        Assert.Null((await cache.GetAsync(Cancel)).Best(PrincipalKind.User, "alice", "team-a"));

        Assert.True(await Grants.SetAsync(new Grant(PrincipalKind.User, "alice", "team-*", NamespacePermission.Push), Cancel));
        Assert.False(await Grants.SetAsync(new Grant(PrincipalKind.User, "alice", "team-*", NamespacePermission.Push), Cancel));
        Assert.Equal(NamespacePermission.Push, (await cache.GetAsync(Cancel)).Best(PrincipalKind.User, "alice", "team-a"));

        await Grants.RemoveAsync(PrincipalKind.User, "alice", "team-*", Cancel);
        Assert.Null((await cache.GetAsync(Cancel)).Best(PrincipalKind.User, "alice", "team-a"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Grants.RemoveAsync(PrincipalKind.User, "alice", "team-*", Cancel));
    }

    public static TheoryData<Grant> RefusedGrants => new()
    {
        new Grant(PrincipalKind.User, "alice", "Team-a", NamespacePermission.Pull),
        new Grant(PrincipalKind.User, "alice", "team-*-x", NamespacePermission.Pull),
        new Grant(PrincipalKind.User, "alice", "", NamespacePermission.Pull),
        new Grant(PrincipalKind.User, "alice", "ocp4", (NamespacePermission)7),
        new Grant(PrincipalKind.User, "bob", "ocp4", NamespacePermission.Pull),
        new Grant(PrincipalKind.Robot, "ocp4+nobody", "ocp4", NamespacePermission.Pull),
        new Grant(PrincipalKind.Group, "team\na", "ocp4", NamespacePermission.Pull),
        new Grant(PrincipalKind.Group, "", "ocp4", NamespacePermission.Pull),
        new Grant(PrincipalKind.Anonymous, "alice", "ocp4", NamespacePermission.Pull),
        new Grant(PrincipalKind.Anonymous, "", "ocp4", NamespacePermission.Push),
    };

    [Theory]
    [MemberData(nameof(RefusedGrants))]
    public async Task A_grant_needs_a_valid_pattern_and_a_principal_that_exists(Grant grant)
    {
        await Store.Get<IUserStore>().CreateAsync(new RegistryUser("alice", Role.Pull, "hash"), Cancel);

        await Assert.ThrowsAsync<ArgumentException>(() => Grants.SetAsync(grant, Cancel));
        Assert.Empty(await Grants.ListAsync(Cancel));
    }

    [Fact]
    public async Task Groups_need_not_be_local_and_anonymous_callers_may_be_granted_pull()
    {
        Assert.True(await Grants.SetAsync(new Grant(PrincipalKind.Group, "ldap-admins", "*", NamespacePermission.Admin), Cancel));
        Assert.True(await Grants.SetAsync(new Grant(PrincipalKind.Group, "Domain Admins", "*", NamespacePermission.Admin), Cancel));
        Assert.True(await Grants.SetAsync(new Grant(PrincipalKind.Anonymous, "", "public", NamespacePermission.Pull), Cancel));
        Assert.Equal(3, (await Grants.ListAsync(Cancel)).Count);
    }

    [Fact]
    public async Task A_deleted_group_takes_its_members_and_grants_and_a_name_that_is_no_local_group_keeps_its_grants()
    {
        await Groups.AddAsync("team-a", Cancel);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Groups.AddAsync("team-a", Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => Groups.AddAsync("team a", Cancel));
        await Groups.AddMemberAsync("team-a", "alice", Cancel);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Groups.AddMemberAsync("team-a", "alice", Cancel));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Groups.AddMemberAsync("team-b", "alice", Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => Groups.AddMemberAsync("team-a", "ocp4+puller", Cancel));
        Assert.Equal(["team-a"], await Groups.GroupsOfAsync("alice", Cancel));
        await Grants.SetAsync(new Grant(PrincipalKind.Group, "team-a", "team-a", NamespacePermission.Push), Cancel);
        await Grants.SetAsync(new Grant(PrincipalKind.Group, "ldap-admins", "*", NamespacePermission.Admin), Cancel);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Groups.DeleteAsync("ldap-admins", Cancel));
        await Groups.DeleteAsync("team-a", Cancel);

        Assert.Empty(await Groups.GroupsOfAsync("alice", Cancel));
        Assert.Equal(["ldap-admins"], (await Grants.ListAsync(Cancel)).Select(g => g.Principal));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Groups.RemoveMemberAsync("team-a", "alice", Cancel));
    }

    [Fact]
    public async Task A_deleted_user_takes_its_grants_and_memberships_and_a_new_user_of_the_name_starts_without_them()
    {
        await Users.AddAsync("alice", Role.None, "alice-password", Cancel);
        await Users.AddAsync("bob", Role.None, "bob-password", Cancel);
        await Groups.AddAsync("team-a", Cancel);
        await Groups.AddMemberAsync("team-a", "alice", Cancel);
        await Groups.AddMemberAsync("team-a", "bob", Cancel);
        await Grants.SetAsync(new Grant(PrincipalKind.User, "alice", "team-a", NamespacePermission.Push), Cancel);
        await Grants.SetAsync(new Grant(PrincipalKind.User, "bob", "team-a", NamespacePermission.Pull), Cancel);
        var cache = Store.Get<GrantCache>();
        Assert.Equal(NamespacePermission.Push, (await cache.GetAsync(Cancel)).Best(PrincipalKind.User, "alice", "team-a"));

        await Users.DeleteAsync("alice", Cancel);
        await Users.AddAsync("alice", Role.None, "new-alice-password", Cancel);

        Assert.Null((await cache.GetAsync(Cancel)).Best(PrincipalKind.User, "alice", "team-a"));
        Assert.Equal(["bob"], (await Grants.ListAsync(Cancel)).Select(g => g.Principal));
        Assert.Empty(await Groups.GroupsOfAsync("alice", Cancel));
        Assert.Equal(["bob"], (await Groups.ListAsync(Cancel)).Single().Members);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Users.DeleteAsync("carol", Cancel));
    }
}
