using Appliance.Core.Identity;
using Appliance.Ldap;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

/// <summary>LdapDirectory against a real OpenLDAP server (slapd) over ldaps and StartTLS, with the test's own CA.</summary>
public sealed class LdapDirectoryTests : IAsyncLifetime
{
    private SlapdServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SlapdServer.CreateAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_user_logs_in_over_ldaps_with_its_groups()
    {
        using var directory = new LdapDirectory(SlapdOptions.For(_server, _server.LdapsUrl));

        var account = await directory.AuthenticateAsync("alice", SlapdDirectory.Password("alice"), Cancel);

        Assert.NotNull(account);
        Assert.Equal("alice", account.Name);
        Assert.Equal(SlapdDirectory.UserDn("alice"), account.DistinguishedName);
        Assert.Equal(["registry-admins"], account.Groups);
    }

    [Fact]
    public async Task A_user_logs_in_over_ldap_with_StartTLS_and_by_any_case_of_its_name()
    {
        using var directory = new LdapDirectory(SlapdOptions.For(_server, _server.LdapUrl));

        var account = await directory.AuthenticateAsync("BOB", SlapdDirectory.Password("bob"), Cancel);

        Assert.Equal("bob", account?.Name);
        Assert.Equal(["developers", "readers"], account!.Groups);
    }

    [Fact]
    public async Task A_loopback_server_may_be_asked_without_TLS()
    {
        var options = SlapdOptions.For(_server, _server.LdapUrl);
        options.StartTls = false;
        using var directory = new LdapDirectory(options);

        Assert.Equal("erin", (await directory.AuthenticateAsync("erin", SlapdDirectory.Password("erin"), Cancel))?.Name);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_server_certificate_must_come_from_the_configured_CA(bool ldaps)
    {
        var options = SlapdOptions.For(_server, ldaps ? _server.LdapsUrl : _server.LdapUrl);
        options.CaFile = null; // the test CA is in no system store
        using var directory = new LdapDirectory(options);

        var refused = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.AuthenticateAsync("alice", SlapdDirectory.Password("alice"), Cancel));

        Assert.Contains(options.Url!, refused.Message);
    }

    [Fact]
    public async Task A_wrong_password_or_an_unknown_user_is_no_login()
    {
        using var directory = new LdapDirectory(SlapdOptions.For(_server, _server.LdapsUrl));

        Assert.Null(await directory.AuthenticateAsync("alice", SlapdDirectory.Password("bob"), Cancel));
        Assert.Null(await directory.AuthenticateAsync("mallory", SlapdDirectory.Password("alice"), Cancel));
    }

    [Fact]
    public async Task An_empty_password_is_refused_before_any_bind()
    {
        using var directory = new LdapDirectory(SlapdOptions.For(_server, _server.LdapsUrl));
        Assert.Null(await directory.AuthenticateAsync("alice", "", Cancel));

        // With the server down, anything that connected would throw: null shows that nothing was asked.
        await _server.StopAsync();
        Assert.Null(await directory.AuthenticateAsync("alice", "", Cancel));
    }

    [Theory]
    [InlineData("*)(uid=*))(|(uid=*")]
    [InlineData("*")]
    [InlineData("al*")]
    [InlineData("alice)(uid=*")]
    [InlineData("\\2a")]
    public async Task A_user_name_with_filter_syntax_finds_nobody(string user)
    {
        using var directory = new LdapDirectory(SlapdOptions.For(_server, _server.LdapsUrl));

        Assert.Null(await directory.AuthenticateAsync(user, SlapdDirectory.Password("alice"), Cancel));
    }

    [Fact]
    public async Task A_DN_with_parentheses_and_a_comma_is_escaped_in_the_group_filter()
    {
        using var directory = new LdapDirectory(SlapdOptions.For(_server, _server.LdapsUrl));

        var account = await directory.AuthenticateAsync("frank", SlapdDirectory.Password("frank"), Cancel);

        Assert.StartsWith("cn=Frank (contractor)", account?.DistinguishedName); // the server writes the comma as \2C
        Assert.Equal(["developers", "readers"], account!.Groups);
    }

    [Theory]
    [InlineData(LdapOptions.NoNesting, 5, new[] { "team-a" })]
    [InlineData(LdapOptions.Recursive, 2, new[] { "team-a", "developers" })]
    [InlineData(LdapOptions.Recursive, 5, new[] { "team-a", "developers", "readers" })]
    public async Task Nested_groups_are_followed_as_configured(string nesting, int depth, string[] groups)
    {
        var options = SlapdOptions.For(_server, _server.LdapsUrl, nesting);
        options.NestingDepth = depth;
        using var directory = new LdapDirectory(options);

        var account = await directory.AuthenticateAsync("carol", SlapdDirectory.Password("carol"), Cancel);

        Assert.Equal(groups, account?.Groups);
    }

    [Fact]
    public async Task OpenLDAP_does_not_know_the_AD_in_chain_rule_and_says_so()
    {
        // OpenLDAP has no LDAP_MATCHING_RULE_IN_CHAIN (1.2.840.113556.1.4.1941): ad-chain is for Active Directory only.
        using var directory = new LdapDirectory(SlapdOptions.For(_server, _server.LdapsUrl, LdapOptions.AdChain));

        var account = await directory.AuthenticateAsync("carol", SlapdDirectory.Password("carol"), Cancel);

        Assert.Empty(account!.Groups);
    }

    [Fact]
    public async Task A_wrong_service_password_is_a_directory_problem_that_names_the_setting()
    {
        var options = SlapdOptions.For(_server, _server.LdapsUrl);
        options.BindPasswordFile = Path.Combine(Path.GetDirectoryName(_server.CaFile)!, "wrong-password");
        await File.WriteAllTextAsync(options.BindPasswordFile, "not-the-password\n", Cancel);
        using var directory = new LdapDirectory(options);

        var refused = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.AuthenticateAsync("alice", SlapdDirectory.Password("alice"), Cancel));

        Assert.Contains("auth.ldap.bindDn", refused.Message);
        Assert.DoesNotContain("not-the-password", refused.Message);
    }

    [Fact]
    public async Task The_directory_stopped_is_a_clear_error_and_started_again_it_works()
    {
        using var directory = new LdapDirectory(SlapdOptions.For(_server, _server.LdapsUrl));
        await directory.CheckAsync(Cancel);

        await _server.StopAsync();
        var down = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.AuthenticateAsync("alice", SlapdDirectory.Password("alice"), Cancel));
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.CheckAsync(Cancel));
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.GroupsOfAsync(SlapdDirectory.UserDn("alice"), Cancel));

        Assert.Contains(_server.LdapsUrl, down.Message);
        Assert.DoesNotContain(SlapdDirectory.Password("alice"), down.ToString());
        await _server.StartAsync(Cancel);
        Assert.NotNull(await directory.AuthenticateAsync("alice", SlapdDirectory.Password("alice"), Cancel));
    }

    [Fact]
    public async Task A_server_that_never_answers_is_a_clear_error_within_the_time_outs()
    {
        // Accepts connections and says nothing: the TLS handshake waits for it.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var options = SlapdOptions.For(_server, $"ldaps://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}");
        options.ConnectTimeout = TimeSpan.FromSeconds(1);
        options.QueryTimeout = TimeSpan.FromSeconds(1);
        using var directory = new LdapDirectory(options);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var silence = await Assert.ThrowsAsync<DirectoryUnavailableException>(() => directory.AuthenticateAsync("alice", SlapdDirectory.Password("alice"), Cancel));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        Assert.Contains($"{options.Url} did not answer within 2 s", silence.Message);
    }

    [Fact]
    public async Task The_groups_of_a_deleted_user_are_null()
    {
        using var directory = new LdapDirectory(SlapdOptions.For(_server, _server.LdapsUrl));
        Assert.Equal(["registry-admins"], await directory.GroupsOfAsync(SlapdDirectory.UserDn("alice"), Cancel));

        await _server.ModifyAsync($"dn: {SlapdDirectory.UserDn("dave")}\nchangetype: delete\n");

        Assert.Null(await directory.GroupsOfAsync(SlapdDirectory.UserDn("dave"), Cancel));
    }
}
