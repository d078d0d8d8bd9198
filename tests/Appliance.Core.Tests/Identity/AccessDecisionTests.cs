using Appliance.Core.Auth;
using Appliance.Core.Identity;

namespace Appliance.Core.Tests.Identity;

public sealed class AccessDecisionTests
{
    private static readonly GrantSet Grants = new([
        new Grant(PrincipalKind.User, "alice", "team-a", NamespacePermission.Push),
        new Grant(PrincipalKind.User, "alice", "team-*", NamespacePermission.Pull),
        new Grant(PrincipalKind.Group, "ops", "*", NamespacePermission.Pull),
        new Grant(PrincipalKind.Group, "ops", "ocp4", NamespacePermission.Admin),
        new Grant(PrincipalKind.Robot, "ocp4+cluster", "ocp4", NamespacePermission.Pull),
        new Grant(PrincipalKind.Anonymous, "", "public", NamespacePermission.Pull),
    ]);

    private static readonly Principal Alice = Principal.User("alice", Role.None);

    [Theory]
    [InlineData("team-a/app", NamespacePermission.Push)]
    [InlineData("team-a", NamespacePermission.Push)]
    [InlineData("team-b/app/deep/path", NamespacePermission.Pull)]
    [InlineData("team/app", null)]
    [InlineData("ocp4/release", null)]
    [InlineData("public/tools", NamespacePermission.Pull)]
    public void A_users_own_grants_and_anonymous_grants_decide(string repository, NamespacePermission? expected) =>
        Assert.Equal(expected, AccessDecision.PermissionOn(Alice, repository, Grants, anonymousPull: false));

    [Fact]
    public void Groups_add_their_grants_and_the_highest_permission_wins()
    {
        var inOps = Alice with { Groups = ["ops"] };
        Assert.Equal(NamespacePermission.Admin, AccessDecision.PermissionOn(inOps, "ocp4/release", Grants, false));
        Assert.Equal(NamespacePermission.Pull, AccessDecision.PermissionOn(inOps, "anything/else", Grants, false));
        Assert.Equal(NamespacePermission.Push, AccessDecision.PermissionOn(inOps, "team-a/x", Grants, false));
    }

    [Fact]
    public void A_global_role_applies_everywhere_and_metrics_gives_nothing()
    {
        Assert.Equal(NamespacePermission.Admin, AccessDecision.PermissionOn(Principal.User("root", Role.Admin), "x/y", GrantSet.Empty, false));
        Assert.Equal(NamespacePermission.Push, AccessDecision.PermissionOn(Principal.User("ci", Role.Push), "x/y", GrantSet.Empty, false));
        Assert.Null(AccessDecision.PermissionOn(Principal.User("prometheus", Role.Metrics), "x/y", GrantSet.Empty, false));
        Assert.Equal(NamespacePermission.Push, AccessDecision.PermissionOn(Principal.User("ci", Role.Push), "ocp4/x", Grants, false));
    }

    [Fact]
    public void Robots_get_their_grants_only_and_never_a_users_grants_of_the_same_name()
    {
        var robot = new Principal(PrincipalKind.Robot, "ocp4+cluster", null, []);
        Assert.Equal(NamespacePermission.Pull, AccessDecision.PermissionOn(robot, "ocp4/release", Grants, false));
        Assert.Null(AccessDecision.PermissionOn(robot, "team-a/app", Grants, false));
        var userNamedLikeTheRobot = Principal.User("ocp4+cluster", Role.None);
        Assert.Null(AccessDecision.PermissionOn(userNamedLikeTheRobot with { Name = "alice", Kind = PrincipalKind.Robot }, "team-a/app", Grants, false));
    }

    [Fact]
    public void Anonymous_callers_get_anonymous_pull_or_anonymous_grants_and_never_push()
    {
        Assert.Equal(NamespacePermission.Pull, AccessDecision.PermissionOn(null, "public/tools", Grants, false));
        Assert.Null(AccessDecision.PermissionOn(null, "team-a/app", Grants, false));
        Assert.Equal(NamespacePermission.Pull, AccessDecision.PermissionOn(null, "team-a/app", Grants, true));
        Assert.False(AccessDecision.Allows(NamespacePermission.Pull, "push"));
        Assert.True(AccessDecision.Allows(NamespacePermission.Push, "delete"));
    }

    [Fact]
    public void Readable_patterns_are_the_callers_groups_and_anonymous_ones_or_everything()
    {
        Assert.Equal(["public", "team-*", "team-a"], AccessDecision.ReadablePatterns(Alice, Grants, false));
        Assert.Null(AccessDecision.ReadablePatterns(Alice with { Groups = ["ops"] }, Grants, false));
        Assert.Null(AccessDecision.ReadablePatterns(Principal.User("p", Role.Pull), Grants, false));
        Assert.Null(AccessDecision.ReadablePatterns(null, Grants, anonymousPull: true));
        Assert.Equal(["public"], AccessDecision.ReadablePatterns(null, Grants, false));
    }

    [Theory]
    [InlineData("ocp4", true)]
    [InlineData("team-*", true)]
    [InlineData("*", true)]
    [InlineData("te*am", false)]
    [InlineData("Team", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    public void Namespace_patterns_are_names_prefixes_or_everything(string pattern, bool valid) =>
        Assert.Equal(valid, NamespacePattern.IsValid(pattern));
}
