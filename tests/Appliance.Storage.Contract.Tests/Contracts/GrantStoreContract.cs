using Appliance.Core.Identity;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary><see cref="IGrantStore"/>: one permission per principal and namespace pattern, changed in place, removed one by one or all of a principal's.</summary>
public abstract class GrantStoreContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private IGrantStore Grants => Store.Get<IGrantStore>();

    [Fact]
    public async Task A_grant_is_set_changed_in_place_and_removed()
    {
        Assert.True(await Grants.SetAsync(new Grant(PrincipalKind.User, "alice", "team-*", NamespacePermission.Pull), Cancel));
        Assert.False(await Grants.SetAsync(new Grant(PrincipalKind.User, "alice", "team-*", NamespacePermission.Pull), Cancel));
        Assert.True(await Grants.SetAsync(new Grant(PrincipalKind.User, "alice", "team-*", NamespacePermission.Push), Cancel));
        // The same name as another kind of principal is another principal.
        Assert.True(await Grants.SetAsync(new Grant(PrincipalKind.Group, "alice", "team-*", NamespacePermission.Admin), Cancel));
        Assert.True(await Grants.SetAsync(new Grant(PrincipalKind.Anonymous, "", "ocp4", NamespacePermission.Pull), Cancel));

        Assert.Equal(
            [
                new Grant(PrincipalKind.Anonymous, "", "ocp4", NamespacePermission.Pull),
                new Grant(PrincipalKind.Group, "alice", "team-*", NamespacePermission.Admin),
                new Grant(PrincipalKind.User, "alice", "team-*", NamespacePermission.Push),
            ],
            (await Grants.ListAsync(Cancel)).OrderBy(g => g.Kind.ToString(), StringComparer.Ordinal));

        Assert.True(await Grants.RemoveAsync(PrincipalKind.User, "alice", "team-*", Cancel));
        Assert.False(await Grants.RemoveAsync(PrincipalKind.User, "alice", "team-*", Cancel));
        Assert.False(await Grants.RemoveAsync(PrincipalKind.Anonymous, "", "team-*", Cancel));
        Assert.Equal(2, (await Grants.ListAsync(Cancel)).Count);
    }

    [Fact]
    public async Task Removing_all_of_a_principal_leaves_the_others()
    {
        await Grants.SetAsync(new Grant(PrincipalKind.Robot, "ocp4+puller", "ocp4", NamespacePermission.Pull), Cancel);
        await Grants.SetAsync(new Grant(PrincipalKind.Robot, "ocp4+puller", "team-*", NamespacePermission.Pull), Cancel);
        await Grants.SetAsync(new Grant(PrincipalKind.User, "ocp4+puller", "ocp4", NamespacePermission.Pull), Cancel);
        await Grants.SetAsync(new Grant(PrincipalKind.Robot, "ocp4+pusher", "ocp4", NamespacePermission.Push), Cancel);

        Assert.Equal(2, await Grants.RemoveAllOfAsync(PrincipalKind.Robot, "ocp4+puller", Cancel));
        Assert.Equal(0, await Grants.RemoveAllOfAsync(PrincipalKind.Robot, "ocp4+puller", Cancel));
        Assert.Equal(["ocp4+puller", "ocp4+pusher"], (await Grants.ListAsync(Cancel)).Select(g => g.Principal).Order(StringComparer.Ordinal));
    }
}
