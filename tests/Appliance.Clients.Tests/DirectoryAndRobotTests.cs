using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Appliance.Core.Identity;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Clients.Tests;

/// <summary>
/// A real OpenLDAP behind the registry (ldaps, nested groups, a 2 s membership cache) and real skopeo and podman: directory
/// users push and pull as their groups' grants allow, a robot pulls its namespace only, and a directory that goes down
/// leaves local users and robots working while directory users get a clear error.
/// </summary>
public sealed class DirectoryAndRobotTests : ClientTest
{
    private SlapdServer _slapd = null!;

    protected override string[] ServerArgs =>
    [
        .. TlsAndTokenAuth,
        "--auth:ldap:url", _slapd.LdapsUrl, "--auth:ldap:caFile", _slapd.CaFile,
        "--auth:ldap:bindDn", SlapdDirectory.ServiceDn, "--auth:ldap:bindPasswordFile", _slapd.ServicePasswordFile,
        "--auth:ldap:userBase", SlapdDirectory.PeopleDn, "--auth:ldap:groupBase", SlapdDirectory.GroupsDn,
        "--auth:ldap:nestedGroups", "recursive", "--auth:ldap:superuserGroup", "registry-admins", "--auth:ldap:membershipCacheTtl", "2s",
    ];

    public override async ValueTask InitializeAsync()
    {
        _slapd = await SlapdServer.CreateAsync(Cancel);
        await base.InitializeAsync();
        var grants = Server.Services.GetRequiredService<GrantService>();
        // carol is in team-a, which is in developers: a nested group's grant reaches her.
        await grants.SetAsync(new Grant(PrincipalKind.Group, "team-a", "team-a", NamespacePermission.Push), Cancel);
        await grants.SetAsync(new Grant(PrincipalKind.Group, "developers", "shared", NamespacePermission.Pull), Cancel);
        Registry.Http.DefaultRequestHeaders.Authorization = Basic("init", InitPassword);
        await Registry.PushImageAsync("shared/base", "v1", TestImages.Image(1, 4096, 71));
        await Registry.PushImageAsync("team-b/app", "v1", TestImages.Image(1, 4096, 72));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _slapd.DisposeAsync();
    }

    [Fact]
    public async Task Directory_users_push_and_pull_by_their_groups_grants_and_a_membership_change_applies_within_the_ttl()
    {
        var layout = Layout(TestImages.Image(1, 4096, 73));
        await SkopeoAsync("copy", "--dest-tls-verify=false", "--dest-creds", Creds("carol"), $"oci:{layout}:v1", $"docker://{Host}/team-a/app:v1");
        await SkopeoAsync("inspect", "--raw", "--tls-verify=false", "--creds", Creds("carol"), $"docker://{Host}/shared/base:v1");
        var refused = await ProcessRunner.RunAsync("skopeo", ["copy", "--dest-tls-verify=false", "--dest-creds", Creds("carol"), $"oci:{layout}:v1", $"docker://{Host}/team-b/app:v2"]);
        Assert.NotEqual(0, refused.ExitCode);

        await AssertConsoleShowsAsync("carol", ["shared/base", "team-a/app"]);

        await RunAsync("podman", "login", "--tls-verify=false", "--authfile", Work.Combine("auth.json"), "-u", "carol", "-p", SlapdDirectory.Password("carol"), Host);
        var wrong = await ProcessRunner.RunAsync("podman", ["login", "--tls-verify=false", "--authfile", Work.Combine("auth.json"), "-u", "carol", "-p", "wrong-password", Host]);
        Assert.NotEqual(0, wrong.ExitCode);

        // dave is in no group: refused, then added to team-a in the directory, allowed once his cached groups expire.
        async Task<bool> DaveMayPushAsync() => (await ProcessRunner.RunAsync("skopeo",
            ["copy", "--dest-tls-verify=false", "--dest-creds", Creds("dave"), $"oci:{layout}:v1", $"docker://{Host}/team-a/dave:v1"])).ExitCode == 0;
        Assert.False(await DaveMayPushAsync());
        await _slapd.AddMemberAsync(SlapdDirectory.GroupDn("team-a"), SlapdDirectory.UserDn("dave"));
        var took = await Poll.UntilAsync("dave's new group applies", DaveMayPushAsync, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(500), Cancel);
        Assert.True(took < TimeSpan.FromSeconds(15), $"took {took}");
    }

    [Fact]
    public async Task With_the_directory_down_local_users_and_robots_keep_working_and_directory_users_get_a_clear_error()
    {
        var (robot, secret) = await Server.Services.GetRequiredService<RobotService>().AddAsync("shared", "cluster", "a cluster's pull secret", null, null, Cancel);
        await Server.Services.GetRequiredService<GrantService>().SetAsync(new Grant(PrincipalKind.Robot, robot.Name, "shared", NamespacePermission.Pull), Cancel);
        await _slapd.StopAsync();

        await SkopeoAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"init:{InitPassword}", $"docker://{Host}/shared/base:v1");
        await SkopeoAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"{robot.Name}:{secret}", $"docker://{Host}/shared/base:v1");
        var outside = await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", "--creds", $"{robot.Name}:{secret}", $"docker://{Host}/team-b/app:v1"]);
        Assert.NotEqual(0, outside.ExitCode);

        using (var login = await TokenRequestAsync("carol", SlapdDirectory.Password("carol")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);
            var body = await login.Content.ReadAsStringAsync(Cancel);
            Assert.Contains("UNAVAILABLE", body);
            Assert.Contains("directory", body);
            Assert.DoesNotContain(SlapdDirectory.Password("carol"), body);
        }
        using (var ready = await Registry.Http.GetAsync("/health/ready", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(Cancel));
            Assert.StartsWith("unavailable", report.RootElement.GetProperty("directory").GetString());
        }

        // Back up: directory logins work again (slapd may take a moment to serve TLS after its port opens).
        await _slapd.StartAsync(Cancel);
        await Poll.UntilAsync("carol logs in again", async () => (await ProcessRunner.RunAsync("skopeo",
            ["inspect", "--raw", "--tls-verify=false", "--creds", Creds("carol"), $"docker://{Host}/shared/base:v1"])).ExitCode == 0,
            TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(500), Cancel);
    }

    [Fact]
    public async Task Filter_injection_and_empty_passwords_find_nobody()
    {
        foreach (var (user, password) in new[] { ("*)(uid=*))(|(uid=*", "x"), ("*", SlapdDirectory.Password("carol")), ("carol", "") })
        {
            using var response = await TokenRequestAsync(user, password);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    /// <summary>A directory user logs in to the console and its session lists what its groups' grants let it read.</summary>
    private async Task AssertConsoleShowsAsync(string user, string[] repositories)
    {
        var cookies = new CookieContainer();
        var handler = Server.CreateHandler();
        handler.CookieContainer = cookies;
        using var console = new HttpClient(handler) { BaseAddress = Server.BaseAddress };
        (await console.GetAsync("/api/v1/session", Cancel)).Dispose();
        using var login = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { user, password = SlapdDirectory.Password(user) }),
        };
        login.Headers.Add("X-CSRF-Token", cookies.GetCookies(Server.BaseAddress)["appliance-csrf"]!.Value);
        using (var response = await console.SendAsync(login, Cancel)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var list = await console.GetAsync("/api/v1/repositories", Cancel);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(repositories, json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
    }

    private async Task<HttpResponseMessage> TokenRequestAsync(string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/auth?service={Host}&scope=repository:shared/base:pull");
        request.Headers.Authorization = Basic(user, password);
        return await Registry.Http.SendAsync(request, Cancel);
    }

    private static string Creds(string user) => $"{user}:{SlapdDirectory.Password(user)}";

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
