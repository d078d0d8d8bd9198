using Appliance.Testing;

namespace Appliance.Registry.Tests;

/// <summary>The <c>grants</c> and <c>groups</c> commands, run as the real executable against a data directory.</summary>
public sealed class GrantsCommandTests : IDisposable
{
    private readonly TestDirectory _data = new("appliance-grants");
    private readonly RegistryCommands _registry;

    public GrantsCommandTests() => _registry = new RegistryCommands(_data.Path);

    [Fact]
    public async Task Grants_are_added_changed_listed_and_removed_for_existing_principals_only()
    {
        await _registry.RunAsync(["users", "add", "alice", "--role", "pull", "--password-stdin"], "alice-password");
        await _registry.RunAsync("robots", "add", "ocp4+puller");

        await _registry.RunAsync("grants", "add", "--user", "alice", "--namespace", "team-*", "--permission", "push");
        await _registry.RunAsync("grants", "add", "--robot", "ocp4+puller", "--namespace", "ocp4");
        await _registry.RunAsync("grants", "add", "--group", "ldap-admins", "--namespace", "*", "--permission", "admin");
        await _registry.RunAsync("grants", "add", "--anonymous", "--namespace", "public");
        var unchanged = await _registry.RunAsync("grants", "add", "--user", "alice", "--namespace", "team-*", "--permission", "push");
        Assert.Contains("already", unchanged.StandardError);
        await _registry.RunAsync("grants", "add", "--user", "alice", "--namespace", "team-*", "--permission", "admin");

        var list = (await _registry.RunAsync("grants", "list")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, list.Length);
        Assert.Matches(@"^user alice\s+team-\*\s+admin$", list[0]);
        Assert.Matches(@"^group ldap-admins\s+\*\s+admin$", list[1]);
        Assert.Matches(@"^robot ocp4\+puller\s+ocp4\s+pull$", list[2]);
        Assert.Matches(@"^anonymous\s+public\s+pull$", list[3]);

        Assert.Contains("user 'bob' does not exist", (await _registry.FailAsync("grants", "add", "--user", "bob", "--namespace", "ocp4")).StandardError);
        Assert.Contains("robot 'ocp4+nobody' does not exist",
            (await _registry.FailAsync("grants", "add", "--robot", "ocp4+nobody", "--namespace", "ocp4")).StandardError);
        Assert.Contains("only be granted pull",
            (await _registry.FailAsync("grants", "add", "--anonymous", "--namespace", "ocp4", "--permission", "push")).StandardError);
        Assert.Contains("namespace 'team-*-x'", (await _registry.FailAsync("grants", "add", "--user", "alice", "--namespace", "team-*-x")).StandardError);
        Assert.Contains("give one of", (await _registry.FailAsync("grants", "add", "--user", "alice", "--group", "g", "--namespace", "ocp4")).StandardError);

        await _registry.RunAsync("grants", "remove", "--user", "alice", "--namespace", "team-*");
        Assert.Contains("has no grant", (await _registry.FailAsync("grants", "remove", "--user", "alice", "--namespace", "team-*")).StandardError);
        await _registry.RunAsync("robots", "delete", "ocp4+puller");
        Assert.DoesNotContain("ocp4+puller", (await _registry.RunAsync("grants", "list")).StandardOutput);

        var audit = (await _registry.RunAsync("audit")).StandardOutput;
        Assert.Contains("user alice: admin on team-*", audit);
        Assert.Contains("grant.remove", audit);
    }

    [Fact]
    public async Task Groups_are_added_given_members_and_deleted_with_their_grants()
    {
        await _registry.RunAsync("groups", "add", "team-a");
        await _registry.RunAsync("groups", "add-member", "team-a", "bob");
        await _registry.RunAsync("groups", "add-member", "team-a", "alice");
        await _registry.RunAsync("groups", "add", "empty");
        Assert.Contains("exists already", (await _registry.FailAsync("groups", "add", "team-a")).StandardError);
        Assert.Contains("a member of 'team-a' already", (await _registry.FailAsync("groups", "add-member", "team-a", "bob")).StandardError);
        var list = (await _registry.RunAsync("groups", "list")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, list.Length);
        Assert.Matches(@"^empty\s*$", list[0]);
        Assert.Matches(@"^team-a\s+alice bob$", list[1]);

        await _registry.RunAsync("groups", "remove-member", "team-a", "bob");
        Assert.Matches(@"team-a\s+alice\s*\n", (await _registry.RunAsync("groups", "list")).StandardOutput);
        await _registry.RunAsync("grants", "add", "--group", "team-a", "--namespace", "team-a", "--permission", "push");
        await _registry.RunAsync("groups", "delete", "team-a");
        Assert.DoesNotContain("team-a", (await _registry.RunAsync("grants", "list")).StandardOutput);
        Assert.Contains("group 'team-a' does not exist", (await _registry.FailAsync("groups", "delete", "team-a")).StandardError);

        var audit = (await _registry.RunAsync("audit")).StandardOutput;
        foreach (var action in new[] { "group.add", "group.member.add", "group.member.remove", "group.delete" }) Assert.Contains(action, audit);
    }

    public void Dispose() => _data.Dispose();
}
