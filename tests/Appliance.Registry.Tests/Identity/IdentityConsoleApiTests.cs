using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Registry.Tests.Identity;

/// <summary>
/// Grants, groups and robot accounts through the console's API: registry admins manage everything, a namespace admin (lead,
/// no global role, admin on team-a) only its namespace; robot secrets are shown once and work against the real token
/// endpoint exactly as long as they should; every change is in the audit trail.
/// </summary>
public sealed class IdentityConsoleApiTests : RegistryTest
{
    private const string InitPassword = "init-password-for-tests";

    protected override string[] ServerArgs => ["--tls:enabled", "true", "--auth:enabled", "true", "--auth:initPassword", InitPassword, "--auth:bcryptCost", "10"];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var users = Server.Services.GetRequiredService<UserService>();
        await users.AddAsync("lead", Role.None, "lead-password", Cancel);
        await users.AddAsync("bob", Role.None, "bob-password", Cancel);
    }

    [Fact]
    public async Task An_admin_sets_grants_and_a_namespace_admin_manages_only_its_namespace()
    {
        using var admin = await LoginAsync("init", InitPassword);
        using (var set = await admin.PostAsync("/api/v1/grants", new { kind = "user", principal = "lead", @namespace = "team-a", permission = "admin" }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            Assert.True((await set.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("changed").GetBoolean());
        }
        await SetGrantAsync(admin, new { kind = "user", principal = "bob", @namespace = "team-b", permission = "push" });
        await SetGrantAsync(admin, new { kind = "group", principal = "readers", @namespace = "team-*", permission = "pull" });
        await SetGrantAsync(admin, new { kind = "anonymous", @namespace = "public", permission = "pull" });
        Assert.Equal(["anonymous  public pull", "group readers team-* pull", "user bob team-b push", "user lead team-a admin"], await GrantsAsync(admin));
        using (var wrong = await admin.PostAsync("/api/v1/grants", new { kind = "wizard", principal = "bob", @namespace = "team-a", permission = "pull" }))
        {
            await AssertProblemAsync(wrong, HttpStatusCode.BadRequest, "kind 'wizard'");
        }
        using (var pattern = await admin.PostAsync("/api/v1/grants", new { kind = "user", principal = "bob", @namespace = "Team A", permission = "pull" }))
        {
            await AssertProblemAsync(pattern, HttpStatusCode.BadRequest, "namespace 'Team A'");
        }
        using (var nobody = await admin.PostAsync("/api/v1/grants", new { kind = "user", principal = "nobody", @namespace = "team-a", permission = "pull" }))
        {
            await AssertProblemAsync(nobody, HttpStatusCode.BadRequest, "user 'nobody' does not exist");
        }

        using var lead = await LoginAsync("lead", "lead-password");
        var session = await lead.Http.GetFromJsonAsync<JsonElement>("/api/v1/session", Cancel);
        Assert.Equal("none", session.GetProperty("role").GetString());
        Assert.Equal(["team-a"], session.GetProperty("administers").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["user lead team-a admin"], await GrantsAsync(lead));
        await SetGrantAsync(lead, new { kind = "user", principal = "bob", @namespace = "team-a", permission = "push" });
        Assert.Equal(["user bob team-a push", "user lead team-a admin"], await GrantsAsync(lead));
        using (var other = await lead.PostAsync("/api/v1/grants", new { kind = "user", principal = "bob", @namespace = "team-b", permission = "admin" }))
        {
            await AssertProblemAsync(other, HttpStatusCode.Forbidden, "does not administer namespace 'team-b'");
        }
        using (var pattern = await lead.PostAsync("/api/v1/grants", new { kind = "user", principal = "bob", @namespace = "team-*", permission = "pull" }))
        {
            await AssertProblemAsync(pattern, HttpStatusCode.Forbidden, "only registry admins");
        }
        using (var notTheirs = await lead.SendAsync(HttpMethod.Delete, "/api/v1/grants?kind=user&principal=bob&namespace=team-b"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        }
        using (var removed = await lead.SendAsync(HttpMethod.Delete, "/api/v1/grants?kind=user&principal=bob&namespace=team-a"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }
        using (var gone = await lead.SendAsync(HttpMethod.Delete, "/api/v1/grants?kind=user&principal=bob&namespace=team-a"))
        {
            await AssertProblemAsync(gone, HttpStatusCode.NotFound, "user bob has no grant on 'team-a'");
        }
        // The admin's grant of bob on team-b is untouched.
        Assert.Contains("user bob team-b push", await GrantsAsync(admin));

        using (var ownRobot = await lead.PostAsync("/api/v1/robots", new { @namespace = "team-a", name = "ci", description = "pipeline" }))
        {
            Assert.Equal(HttpStatusCode.OK, ownRobot.StatusCode);
        }
        using (var otherRobot = await lead.PostAsync("/api/v1/robots", new { @namespace = "team-b", name = "ci" }))
        {
            await AssertProblemAsync(otherRobot, HttpStatusCode.Forbidden, "team-b");
        }
        using (var globalRole = await lead.PostAsync("/api/v1/robots", new { @namespace = "team-a", name = "pusher", role = "push" }))
        {
            await AssertProblemAsync(globalRole, HttpStatusCode.Forbidden, "global role");
        }
        using (var adminRobot = await admin.PostAsync("/api/v1/robots", new { @namespace = "team-b", name = "deploy" }))
        {
            Assert.Equal(HttpStatusCode.OK, adminRobot.StatusCode);
        }
        Assert.Equal(["team-a+ci"], await RobotNamesAsync(lead));
        Assert.Equal(["team-a+ci", "team-b+deploy"], await RobotNamesAsync(admin));
        using (var notTheirs = await lead.SendAsync(HttpMethod.Delete, "/api/v1/robots/team-b+deploy")) Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        using (var notTheirs = await lead.PostAsync("/api/v1/robots/team-b+deploy/rotate", new { })) Assert.Equal(HttpStatusCode.Forbidden, notTheirs.StatusCode);
        using (var deleted = await lead.SendAsync(HttpMethod.Delete, "/api/v1/robots/team-a+ci")) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using (var groups = await lead.Http.GetAsync("/api/v1/groups", Cancel)) Assert.Equal(HttpStatusCode.Forbidden, groups.StatusCode);

        // A user who administers nothing may not use these pages at all.
        using var bob = await LoginAsync("bob", "bob-password");
        Assert.Empty((await bob.Http.GetFromJsonAsync<JsonElement>("/api/v1/session", Cancel)).GetProperty("administers").EnumerateArray());
        using (var grants = await bob.Http.GetAsync("/api/v1/grants", Cancel)) await AssertProblemAsync(grants, HttpStatusCode.Forbidden, "admin on a namespace");
        using (var robots = await bob.Http.GetAsync("/api/v1/robots", Cancel)) Assert.Equal(HttpStatusCode.Forbidden, robots.StatusCode);

        var events = await AuditAsync(admin, e => e.Count(x => x.Action == AuditActions.GrantRemove) == 1 && e.Count(x => x.Action == AuditActions.RobotDelete) == 1);
        Assert.Contains(events, e => e is { Action: AuditActions.GrantSet, User: "init", Detail: "user lead: admin on team-a, from the console" });
        Assert.Contains(events, e => e is { Action: AuditActions.GrantSet, User: "lead", Detail: "user bob: push on team-a, from the console" });
        Assert.Contains(events, e => e is { Action: AuditActions.GrantRemove, User: "lead", Detail: "user bob on team-a, from the console" });
        Assert.Contains(events, e => e is { Action: AuditActions.RobotAdd, User: "lead", Detail: "robot team-a+ci, from the console" });
        Assert.Contains(events, e => e is { Action: AuditActions.RobotDelete, User: "lead", Detail: "robot team-a+ci, from the console" });
        Assert.DoesNotContain(events, e => e.Detail?.Contains("team-b+ci", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_robot_secret_is_shown_once_rotation_keeps_the_old_one_for_the_grace_and_delete_revokes_at_once()
    {
        Http.DefaultRequestHeaders.Authorization = Basic("init", InitPassword);
        await Registry.PushImageAsync("ocp4/app", "v1", TestImages.Image(1, 512, 41));
        Http.DefaultRequestHeaders.Authorization = null;
        using var admin = await LoginAsync("init", InitPassword);

        var created = await PostOkAsync(admin, "/api/v1/robots", new { @namespace = "ocp4", name = "puller", description = "cluster pulls", expiresIn = "30d" });
        var first = created.GetProperty("secret").GetString()!;
        Assert.Equal(64, first.Length);
        Assert.Equal("ocp4+puller", created.GetProperty("robot").GetProperty("name").GetString());
        var expires = created.GetProperty("robot").GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddDays(29), DateTimeOffset.UtcNow.AddDays(31));
        Assert.Equal($"ocp4+puller:{first}", PullSecretCredentials(created));
        await SetGrantAsync(admin, new { kind = "robot", principal = "ocp4+puller", @namespace = "ocp4", permission = "pull" });
        Assert.Equal("pull", await PullGrantedAsync("ocp4+puller", first));

        // The list never shows a secret or its hash again.
        var listed = await admin.Http.GetStringAsync("/api/v1/robots", Cancel);
        Assert.Contains("cluster pulls", listed);
        Assert.DoesNotContain(first, listed);
        Assert.DoesNotContain("sha256:", listed);

        var rotated = await PostOkAsync(admin, "/api/v1/robots/ocp4+puller/rotate", new { grace = "1h" });
        var second = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal($"ocp4+puller:{second}", PullSecretCredentials(rotated));
        Assert.InRange(rotated.GetProperty("robot").GetProperty("previousSecretValidUntil").GetDateTimeOffset(),
            DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Equal("pull", await PullGrantedAsync("ocp4+puller", first));
        Assert.Equal("pull", await PullGrantedAsync("ocp4+puller", second));

        // Without a grace period both earlier secrets stop working at once.
        var third = (await PostOkAsync(admin, "/api/v1/robots/ocp4+puller/rotate", new { graceSeconds = 0 })).GetProperty("secret").GetString()!;
        Assert.Equal(Refused, await PullGrantedAsync("ocp4+puller", first));
        Assert.Equal(Refused, await PullGrantedAsync("ocp4+puller", second));
        Assert.Equal("pull", await PullGrantedAsync("ocp4+puller", third));
        using (var badGrace = await admin.PostAsync("/api/v1/robots/ocp4+puller/rotate", new { grace = "soon" }))
        {
            await AssertProblemAsync(badGrace, HttpStatusCode.BadRequest, "grace 'soon' is not a duration");
        }
        using (var duplicate = await admin.PostAsync("/api/v1/robots", new { @namespace = "ocp4", name = "puller" }))
        {
            await AssertProblemAsync(duplicate, HttpStatusCode.Conflict, "exists already");
        }

        using (var deleted = await admin.SendAsync(HttpMethod.Delete, "/api/v1/robots/ocp4+puller")) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(Refused, await PullGrantedAsync("ocp4+puller", third));
        Assert.DoesNotContain("ocp4+puller", await admin.Http.GetStringAsync("/api/v1/robots", Cancel));
        Assert.DoesNotContain("ocp4+puller", await admin.Http.GetStringAsync("/api/v1/grants", Cancel));
        using (var again = await admin.SendAsync(HttpMethod.Delete, "/api/v1/robots/ocp4+puller")) Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);

        var events = await AuditAsync(admin, e => e.Any(x => x.Action == AuditActions.RobotDelete));
        Assert.Contains(events, e => e.Action == AuditActions.RobotAdd && e.Detail!.StartsWith("robot ocp4+puller, expires ", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Action == AuditActions.RobotRotate && e.Detail!.StartsWith("robot ocp4+puller, previous secret valid until ", StringComparison.Ordinal));
        Assert.Contains(events, e => e is { Action: AuditActions.RobotRotate, Detail: "robot ocp4+puller, previous secret revoked, from the console" });
        Assert.Contains(events, e => e is { Action: AuditActions.RobotDelete, User: "init", Detail: "robot ocp4+puller, from the console" });
        var trail = await admin.Http.GetStringAsync("/api/v1/audit", Cancel);
        foreach (var secret in new[] { first, second, third }) Assert.DoesNotContain(secret, trail);
    }

    [Fact]
    public async Task Admins_manage_local_groups_whose_members_get_the_groups_grants()
    {
        using var admin = await LoginAsync("init", InitPassword);
        using (var added = await admin.PostAsync("/api/v1/groups", new { name = "readers" })) Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        using (var again = await admin.PostAsync("/api/v1/groups", new { name = "readers" })) await AssertProblemAsync(again, HttpStatusCode.Conflict, "exists already");
        using (var member = await admin.PostAsync("/api/v1/groups/readers/members", new { user = "bob" })) Assert.Equal(HttpStatusCode.NoContent, member.StatusCode);
        using (var twice = await admin.PostAsync("/api/v1/groups/readers/members", new { user = "bob" })) Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        using (var noGroup = await admin.PostAsync("/api/v1/groups/writers/members", new { user = "bob" })) Assert.Equal(HttpStatusCode.NotFound, noGroup.StatusCode);
        await SetGrantAsync(admin, new { kind = "group", principal = "readers", @namespace = "team-a", permission = "admin" });
        var groups = await admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/groups", Cancel);
        Assert.Equal(["bob"], groups.EnumerateArray().Single(g => g.GetProperty("name").GetString() == "readers").GetProperty("members").EnumerateArray().Select(m => m.GetString()));

        // A group's admin grant makes its members namespace admins.
        using (var bob = await LoginAsync("bob", "bob-password"))
        {
            Assert.Equal(["group readers team-a admin"], await GrantsAsync(bob));
        }

        using (var removed = await admin.SendAsync(HttpMethod.Delete, "/api/v1/groups/readers/members/bob")) Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using (var notMember = await admin.SendAsync(HttpMethod.Delete, "/api/v1/groups/readers/members/bob")) Assert.Equal(HttpStatusCode.NotFound, notMember.StatusCode);
        using (var deleted = await admin.SendAsync(HttpMethod.Delete, "/api/v1/groups/readers")) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using (var unknown = await admin.SendAsync(HttpMethod.Delete, "/api/v1/groups/readers")) await AssertProblemAsync(unknown, HttpStatusCode.NotFound, "does not exist");
        Assert.Empty(await GrantsAsync(admin));

        var events = await AuditAsync(admin, e => e.Any(x => x.Action == AuditActions.GroupDelete));
        Assert.Equal(["group.add group readers", "group.member.add user bob to group readers", "grant.set group readers: admin on team-a",
            "group.member.remove user bob from group readers", "group.delete group readers"],
            events.Where(e => e.Action.StartsWith("group.", StringComparison.Ordinal) || e.Action == AuditActions.GrantSet).Reverse()
                .Select(e => $"{e.Action} {e.Detail![..^", from the console".Length]}"));
    }

    private Task<ConsoleClient> LoginAsync(string user, string password) => ConsoleClient.LogInAsync(Server, user, password);

    private static async Task SetGrantAsync(ConsoleClient console, object grant)
    {
        using var response = await console.PostAsync("/api/v1/grants", grant);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Cancel));
    }

    private static async Task<JsonElement> PostOkAsync(ConsoleClient console, string path, object body)
    {
        using var response = await console.PostAsync(path, body);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>"kind principal namespace permission", sorted.</summary>
    private static async Task<string[]> GrantsAsync(ConsoleClient console) =>
        (await console.Http.GetFromJsonAsync<JsonElement>("/api/v1/grants", Cancel)).EnumerateArray()
        .Select(g => $"{g.GetProperty("kind").GetString()} {g.GetProperty("principal").GetString()} {g.GetProperty("namespace").GetString()} {g.GetProperty("permission").GetString()}")
        .Order(StringComparer.Ordinal).ToArray();

    private static async Task<string[]> RobotNamesAsync(ConsoleClient console) =>
        (await console.Http.GetFromJsonAsync<JsonElement>("/api/v1/robots", Cancel)).EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToArray();

    private string PullSecretCredentials(JsonElement response) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(response.GetProperty("pullSecret").GetProperty("auths").GetProperty(Server.Authority).GetProperty("auth").GetString()!));

    private const string Refused = "refused";

    /// <summary>The actions a real token request with these credentials is granted on ocp4/app, or <see cref="Refused"/> (401).</summary>
    private async Task<string> PullGrantedAsync(string user, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/auth?service={Server.Authority}&scope=repository:ocp4/app:pull");
        request.Headers.Authorization = Basic(user, secret);
        using var response = await Http.SendAsync(request, Cancel);
        if (response.StatusCode == HttpStatusCode.Unauthorized) return Refused;
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return string.Join(',', TokenAccess.Actions(JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!));
    }

    /// <summary>The audit trail, newest first, once <paramref name="done"/> holds (events are written in batches after the response).</summary>
    private static async Task<AuditEvent[]> AuditAsync(ConsoleClient admin, Func<AuditEvent[], bool> done) =>
        await Poll.ForAsync("the console's changes in the audit trail",
            async () => (await admin.Http.GetFromJsonAsync<AuditEvent[]>("/api/v1/audit", Cancel))!, done,
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), Cancel);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(detail, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
