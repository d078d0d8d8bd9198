using Appliance.Core.Identity;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary><see cref="IGroupStore"/>: one group per name, members once each, and a deleted group's (or user's) memberships go with it.</summary>
public abstract class GroupStoreContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private IGroupStore Groups => Store.Get<IGroupStore>();

    [Fact]
    public async Task Groups_are_created_once_and_members_added_once()
    {
        Assert.True(await Groups.CreateAsync("team-a", Cancel));
        Assert.False(await Groups.CreateAsync("team-a", Cancel));
        Assert.True(await Groups.CreateAsync("empty", Cancel));

        Assert.True(await Groups.AddMemberAsync("team-a", "bob", Cancel));
        Assert.True(await Groups.AddMemberAsync("team-a", "alice", Cancel));
        Assert.False(await Groups.AddMemberAsync("team-a", "alice", Cancel));
        Assert.False(await Groups.AddMemberAsync("nobody", "alice", Cancel));

        var groups = await Groups.ListAsync(Cancel);
        Assert.Equal(["empty", "team-a"], groups.Select(g => g.Name));
        Assert.Empty(groups[0].Members);
        Assert.Equal(["alice", "bob"], groups[1].Members);

        Assert.True(await Groups.RemoveMemberAsync("team-a", "bob", Cancel));
        Assert.False(await Groups.RemoveMemberAsync("team-a", "bob", Cancel));
        Assert.Equal(["alice"], (await Groups.ListAsync(Cancel))[1].Members);
    }

    [Fact]
    public async Task A_users_groups_are_listed_and_a_deleted_group_takes_its_memberships()
    {
        await Groups.CreateAsync("team-a", Cancel);
        await Groups.CreateAsync("team-b", Cancel);
        await Groups.AddMemberAsync("team-b", "alice", Cancel);
        await Groups.AddMemberAsync("team-a", "alice", Cancel);
        await Groups.AddMemberAsync("team-a", "bob", Cancel);

        Assert.Equal(["team-a", "team-b"], await Groups.GroupsOfAsync("alice", Cancel));
        Assert.Empty(await Groups.GroupsOfAsync("carol", Cancel));

        Assert.True(await Groups.DeleteAsync("team-a", Cancel));
        Assert.False(await Groups.DeleteAsync("team-a", Cancel));
        Assert.Equal(["team-b"], await Groups.GroupsOfAsync("alice", Cancel));
        Assert.Empty(await Groups.GroupsOfAsync("bob", Cancel));
        Assert.Equal(1, await Groups.RemoveMemberEverywhereAsync("alice", Cancel));
        Assert.Equal(0, await Groups.RemoveMemberEverywhereAsync("alice", Cancel));
        Assert.Empty(await Groups.GroupsOfAsync("alice", Cancel));

        // A group made again under the old name starts empty.
        await Groups.CreateAsync("team-a", Cancel);
        Assert.Empty((await Groups.ListAsync(Cancel)).Single(g => g.Name == "team-a").Members);
    }
}
