using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Ldap;
using Appliance.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Registry.Tests;

/// <summary>DirectoryLogin over a real slapd: roles from groups, and the membership cache's TTL, with the directory up and down.</summary>
public sealed class DirectoryLoginTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-05T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private SlapdServer _server = null!;
    private LdapDirectory _directory = null!;
    private DirectoryLogin _login = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await SlapdServer.CreateAsync(TestContext.Current.CancellationToken);
        var options = SlapdOptions.For(_server, _server.LdapsUrl);
        options.MembershipCacheTtl = Ttl;
        _directory = new LdapDirectory(options);
        _login = new DirectoryLogin(_directory, options.LoginPolicy(), _clock);
    }

    public async ValueTask DisposeAsync()
    {
        _directory.Dispose();
        await _server.DisposeAsync();
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private Task<Principal?> LoginAsync(string user) => _login.LoginAsync(user, SlapdDirectory.Password(user), Cancel);

    [Fact]
    public async Task The_role_is_the_highest_of_the_groups_and_the_superuser_group_is_admin()
    {
        Assert.Equal(Role.Admin, (await LoginAsync("alice"))?.Role);
        var carol = await LoginAsync("carol"); // team-a in developers (push) in readers (pull)
        Assert.Equal(Role.Push, carol?.Role);
        Assert.Equal(["team-a", "developers", "readers"], carol!.Groups);
        Assert.Equal(PrincipalKind.User, carol.Kind);
        Assert.Equal(Role.Metrics, (await LoginAsync("erin"))?.Role);
        var dave = await LoginAsync("dave");
        Assert.NotNull(dave);
        Assert.Null(dave.Role); // no group with a role: only grants apply
    }

    [Fact]
    public async Task Wrong_and_empty_passwords_are_no_login()
    {
        Assert.Null(await _login.LoginAsync("alice", SlapdDirectory.Password("bob"), Cancel));
        Assert.Null(await _login.LoginAsync("alice", "", Cancel));
        Assert.Null(await _login.RememberedAsync("alice", Cancel)); // nothing was cached
    }

    [Fact]
    public async Task A_membership_change_shows_after_the_TTL_and_not_before()
    {
        Assert.Null((await LoginAsync("dave"))!.Role);
        await _server.AddMemberAsync(SlapdDirectory.GroupDn("team-a"), SlapdDirectory.UserDn("dave"));

        _clock.Advance(Ttl - TimeSpan.FromSeconds(1));
        Assert.Empty((await _login.RememberedAsync("dave", Cancel))!.Groups);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var changed = await _login.RememberedAsync("dave", Cancel);
        Assert.Equal(["team-a", "developers", "readers"], changed!.Groups);
        Assert.Equal(Role.Push, changed.Role);
    }

    [Fact]
    public async Task A_password_login_reads_the_groups_at_once()
    {
        await LoginAsync("dave");
        await _server.AddMemberAsync(SlapdDirectory.GroupDn("registry-admins"), SlapdDirectory.UserDn("dave"));

        Assert.Equal(Role.Admin, (await LoginAsync("dave"))?.Role);
        Assert.Equal(Role.Admin, (await _login.RememberedAsync("dave", Cancel))?.Role);
    }

    [Fact]
    public async Task With_the_directory_down_cached_groups_serve_until_the_TTL_and_never_after()
    {
        await LoginAsync("carol");
        await _server.StopAsync();

        _clock.Advance(Ttl - TimeSpan.FromSeconds(1));
        Assert.Equal(Role.Push, (await _login.RememberedAsync("carol", Cancel))?.Role);
        var login = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => LoginAsync("carol"));
        Assert.Contains(_server.LdapsUrl, login.Message);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => _login.RememberedAsync("carol", Cancel));
        Assert.Contains(_server.LdapsUrl, expired.Message);
        // Not extended by the failure: still expired a while later.
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => _login.RememberedAsync("carol", Cancel));

        await _server.StartAsync(Cancel);
        Assert.Equal(Role.Push, (await _login.RememberedAsync("carol", Cancel))?.Role);
    }

    [Fact]
    public async Task A_user_removed_from_the_directory_is_forgotten_when_the_groups_expire()
    {
        await LoginAsync("dave");
        await _server.ModifyAsync($"dn: {SlapdDirectory.UserDn("dave")}\nchangetype: delete\n");

        _clock.Advance(Ttl);

        Assert.Null(await _login.RememberedAsync("dave", Cancel));
    }
}
