using Appliance.Core.Auth;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary><see cref="IUserStore"/>: one user per name, listed in byte order; a login is stored only when the last is old enough.</summary>
public abstract class UserStoreContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private IUserStore Users => Store.Get<IUserStore>();

    [Fact]
    public async Task A_name_is_taken_once_and_users_are_updated_listed_and_deleted()
    {
        Assert.True(await Users.CreateAsync(new RegistryUser("ci", Role.Push, "hash-1"), Cancel));
        Assert.False(await Users.CreateAsync(new RegistryUser("ci", Role.Admin, "hash-2"), Cancel));
        Assert.True(await Users.CreateAsync(new RegistryUser("Admin", Role.Admin, "hash-3"), Cancel));
        Assert.True(await Users.CreateAsync(new RegistryUser("bot_1", Role.Pull, "hash-4"), Cancel));

        Assert.Equal(new RegistryUser("ci", Role.Push, "hash-1"), await Users.FindAsync("ci", Cancel));
        Assert.Null(await Users.FindAsync("CI", Cancel));
        Assert.Equal(["Admin", "bot_1", "ci"], (await Users.ListAsync(Cancel)).Select(u => u.Name));

        Assert.True(await Users.UpdateAsync(new RegistryUser("ci", Role.Metrics, "hash-5"), Cancel));
        Assert.False(await Users.UpdateAsync(new RegistryUser("nobody", Role.Pull, "hash-6"), Cancel));
        Assert.Equal(new RegistryUser("ci", Role.Metrics, "hash-5"), await Users.FindAsync("ci", Cancel));

        Assert.True(await Users.DeleteAsync("ci", Cancel));
        Assert.False(await Users.DeleteAsync("ci", Cancel));
        Assert.Null(await Users.FindAsync("ci", Cancel));
    }

    [Fact]
    public async Task A_login_is_recorded_only_once_the_stored_one_is_a_resolution_old()
    {
        await Users.CreateAsync(new RegistryUser("ci", Role.Push, "hash"), Cancel);
        var resolution = TimeSpan.FromMinutes(5);
        var first = EngineStore.Start;

        await Users.RecordLoginAsync("ci", first, resolution, Cancel);
        await Users.RecordLoginAsync("ci", first.AddMinutes(5).AddSeconds(-1), resolution, Cancel);
        Assert.Equal(first, (await Users.FindAsync("ci", Cancel))!.LastLogin);

        await Users.RecordLoginAsync("ci", first.AddMinutes(5), resolution, Cancel);
        Assert.Equal(first.AddMinutes(5), (await Users.FindAsync("ci", Cancel))!.LastLogin);
        await Users.RecordLoginAsync("nobody", first, resolution, Cancel);
    }
}
