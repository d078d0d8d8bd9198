using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Appliance.Core.Auth;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Registry.Tests;

public sealed class ConsoleApiTests : RegistryTest
{
    private const string InitPassword = "init-password-for-tests";

    protected override string[] ServerArgs => TlsAndAuth(InitPassword);

    [Fact]
    public async Task Login_sets_a_strict_httponly_session_cookie_and_logout_ends_it()
    {
        using var console = ConsoleSession();
        using (var anonymous = await console.Http.GetAsync("/api/v1/overview", Cancel))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType!.MediaType);
            Assert.Equal("log in first", (await anonymous.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString());
        }
        using (var session = await console.Http.GetAsync("/api/v1/session", Cancel))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, session.StatusCode);
            var csrf = session.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("appliance-csrf=", StringComparison.Ordinal)).ToLowerInvariant();
            Assert.Contains("secure", csrf);
            Assert.Contains("samesite=strict", csrf);
            Assert.DoesNotContain("httponly", csrf);
        }
        using (var login = await console.PostAsync("/api/v1/session", new { user = "init", password = InitPassword }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("appliance-session=", StringComparison.Ordinal)).ToLowerInvariant();
            Assert.Contains("httponly", cookie);
            Assert.Contains("secure", cookie);
            Assert.Contains("samesite=strict", cookie);
            Assert.DoesNotContain(InitPassword.ToLowerInvariant(), await login.Content.ReadAsStringAsync(Cancel));
        }
        var who = await console.Http.GetFromJsonAsync<JsonElement>("/api/v1/session", Cancel);
        Assert.Equal("init", who.GetProperty("user").GetString());
        Assert.Equal("admin", who.GetProperty("role").GetString());
        var overview = await console.Http.GetFromJsonAsync<JsonElement>("/api/v1/overview", Cancel);
        Assert.True(overview.GetProperty("certificate").GetProperty("daysToExpiry").GetInt32() > 300);
        Assert.Contains("localhost", overview.GetProperty("certificate").GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(0, overview.GetProperty("counts").GetProperty("repositories").GetInt64());

        using (var logout = await console.SendAsync(HttpMethod.Delete, "/api/v1/session")) Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var after = await console.Http.GetAsync("/api/v1/overview", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task State_changing_requests_without_the_csrf_header_are_refused()
    {
        await PushAsync("app", "v1", 1);
        using var console = await LoginAsync("init", InitPassword);
        using (var noHeader = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/tag?repository=app&tag=v1"))
        using (var refused = await console.Http.SendAsync(noHeader, Cancel))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("CSRF", await refused.Content.ReadAsStringAsync(Cancel));
        }
        using (var wrongHeader = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/tag?repository=app&tag=v1"))
        {
            wrongHeader.Headers.Add("X-CSRF-Token", "not-the-cookie");
            using var refused = await console.Http.SendAsync(wrongHeader, Cancel);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var login = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session") { Content = JsonContent.Create(new { user = "init", password = InitPassword }) })
        using (var refused = await console.Http.SendAsync(login, Cancel))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        Assert.Equal(["v1"], await TagsAsync(console, "app"));
    }

    [Fact]
    public async Task Pull_users_read_push_users_delete_and_only_admins_manage_users()
    {
        await PushAsync("team/app", "v1", 1);
        await PushAsync("team/app", "v2", 2);
        await AddUserAsync("puller", Role.Pull);
        await AddUserAsync("pusher", Role.Push);

        using var puller = await LoginAsync("puller", "puller-password");
        var repository = await puller.Http.GetFromJsonAsync<JsonElement>("/api/v1/repository?name=team/app", Cancel);
        Assert.Equal(2, repository.GetProperty("manifests").GetArrayLength());
        using (var denied = await puller.SendAsync(HttpMethod.Delete, "/api/v1/tag?repository=team/app&tag=v1")) Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        using (var denied = await puller.Http.GetAsync("/api/v1/users", Cancel)) Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        using var pusher = await LoginAsync("pusher", "pusher-password");
        using (var deleted = await pusher.SendAsync(HttpMethod.Delete, "/api/v1/tag?repository=team/app&tag=v1")) Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(["v2"], await TagsAsync(pusher, "team/app"));
        using (var denied = await pusher.PostAsync("/api/v1/users", new { name = "sneaky", role = "admin" })) Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        using var admin = await LoginAsync("init", InitPassword);
        using var added = await admin.PostAsync("/api/v1/users", new { name = "cluster", role = "pull" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var password = (await added.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("password").GetString()!;
        using (var withNewPassword = new HttpRequestMessage(HttpMethod.Get, "/v2/team/app/tags/list"))
        {
            withNewPassword.Headers.Authorization = Basic("cluster", password);
            using var response = await Http.SendAsync(withNewPassword, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var users = await admin.Http.GetStringAsync("/api/v1/users", Cancel);
        Assert.Contains("\"cluster\"", users);
        Assert.DoesNotContain("$2", users);
        using var secret = await admin.PostAsync("/api/v1/users/cluster/pull-secret", new { });
        var auth = (await secret.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("auths").GetProperty(Server.Authority).GetProperty("auth").GetString()!;
        Assert.StartsWith("cluster:", Encoding.UTF8.GetString(Convert.FromBase64String(auth)));
        using (var role = await admin.SendAsync(HttpMethod.Put, "/api/v1/users/cluster/role", new { role = "push" })) Assert.Equal(HttpStatusCode.OK, role.StatusCode);
        using (var gone = await admin.SendAsync(HttpMethod.Delete, "/api/v1/users/cluster")) Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
        using (var unknown = await admin.SendAsync(HttpMethod.Delete, "/api/v1/users/cluster")) Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_sixth_wrong_password_is_throttled()
    {
        using var console = ConsoleSession();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await console.PostAsync("/api/v1/session", new { user = "init", password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var throttled = await console.PostAsync("/api/v1/session", new { user = "init", password = InitPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Contains("too many failed logins", await throttled.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Repositories_are_searched_sorted_and_paged_on_the_server()
    {
        await PushAsync("team-a/small", "v1", 1, layerSize: 1024);
        await PushAsync("team-a/big", "v1", 2, layerSize: 64 * 1024);
        await PushAsync("other/mid", "v1", 3, layerSize: 16 * 1024);
        using var console = await LoginAsync("init", InitPassword);

        var byName = await console.Http.GetFromJsonAsync<JsonElement>("/api/v1/repositories", Cancel);
        Assert.Equal(["other/mid", "team-a/big", "team-a/small"], Names(byName));
        Assert.Equal(3, byName.GetProperty("total").GetInt64());
        var search = await console.Http.GetFromJsonAsync<JsonElement>("/api/v1/repositories?q=team-a", Cancel);
        Assert.Equal(["team-a/big", "team-a/small"], Names(search));
        Assert.Equal(2, search.GetProperty("total").GetInt64());
        var bySize = await console.Http.GetFromJsonAsync<JsonElement>("/api/v1/repositories?sort=size", Cancel);
        Assert.Equal(["team-a/big", "other/mid", "team-a/small"], Names(bySize));
        Assert.True(bySize.GetProperty("items")[0].GetProperty("uniqueBytes").GetInt64() > 64 * 1024);
        Assert.Equal(1, bySize.GetProperty("items")[0].GetProperty("tags").GetInt64());
        var pushed = await console.Http.GetFromJsonAsync<JsonElement>("/api/v1/repositories?sort=pushed", Cancel);
        Assert.Equal(3, Names(pushed).Length);
        Assert.True(pushed.GetProperty("items")[0].TryGetProperty("lastPush", out var last) && last.ValueKind == JsonValueKind.String);
        var secondPage = await console.Http.GetFromJsonAsync<JsonElement>("/api/v1/repositories?sort=name&page=2&pageSize=2", Cancel);
        Assert.Equal(["team-a/small"], Names(secondPage));
        using var badSort = await console.Http.GetAsync("/api/v1/repositories?sort=colour", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
    }

    [Fact]
    public async Task A_multi_arch_index_shows_its_platforms_and_a_console_session_is_no_registry_token()
    {
        var images = new[] { TestImages.Image(1, 1024, 41, architecture: "amd64"), TestImages.Image(1, 1024, 42, architecture: "arm64") };
        var index = TestImages.Index(images);
        Registry.Http.DefaultRequestHeaders.Authorization = Basic("init", InitPassword);
        await Registry.PushIndexAsync("multi/app", "latest", index);
        using var console = await LoginAsync("init", InitPassword);

        var repository = await console.Http.GetFromJsonAsync<JsonElement>("/api/v1/repository?name=multi/app", Cancel);
        var entry = repository.GetProperty("manifests").EnumerateArray().Single();
        Assert.Equal("index", entry.GetProperty("kind").GetString());
        Assert.Equal(["linux/amd64", "linux/arm64"], entry.GetProperty("platforms").EnumerateArray().Select(p => p.GetString()!).ToArray());
        var manifest = await console.Http.GetFromJsonAsync<JsonElement>($"/api/v1/manifest?repository=multi/app&reference={index.Digest}", Cancel);
        Assert.Equal(images[1].Digest, manifest.GetProperty("children")[1].GetProperty("digest").GetString());
        Assert.True(manifest.GetProperty("children")[1].GetProperty("present").GetBoolean());

        // A sparse index: the platform that was not mirrored is shown as such.
        var absent = TestImages.Image(1, 1024, 43, architecture: "arm64");
        var sparse = TestImages.Index([images[0], absent]);
        using (var put = await Registry.PutManifestAsync("multi/app", "sparse", sparse.Manifest)) Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var sparseManifest = await console.Http.GetFromJsonAsync<JsonElement>($"/api/v1/manifest?repository=multi/app&reference=sparse", Cancel);
        Assert.Equal([true, false], sparseManifest.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("present").GetBoolean()));

        var child = await console.Http.GetFromJsonAsync<JsonElement>($"/api/v1/manifest?repository=multi/app&reference={images[1].Digest}", Cancel);
        Assert.Equal("arm64", child.GetProperty("config").GetProperty("architecture").GetString());
        Assert.Single(child.GetProperty("layers").EnumerateArray());

        var session = console.Cookies.GetCookies(Server.BaseAddress)["appliance-session"]!.Value;
        using var asBearer = new HttpRequestMessage(HttpMethod.Get, "/v2/multi/app/tags/list");
        asBearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
        Registry.Http.DefaultRequestHeaders.Authorization = null;
        using var refused = await Http.SendAsync(asBearer, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Admins_run_gc_dry_run_and_gc_and_see_its_history()
    {
        await PushAsync("gc/app", "v1", 7);
        using var console = await LoginAsync("init", InitPassword);
        using (var delete = await console.SendAsync(HttpMethod.Delete, "/api/v1/tag?repository=gc/app&tag=v1")) Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using (var dry = await console.PostAsync("/api/v1/maintenance/gc", new { dryRun = true }))
        {
            var report = await dry.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            Assert.True(report.GetProperty("dryRun").GetBoolean());
        }
        using (var run = await console.PostAsync("/api/v1/maintenance/gc", new { dryRun = false })) Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var history = await console.Http.GetFromJsonAsync<JsonElement>("/api/v1/maintenance/gc", Cancel);
        Assert.Equal("gc.run", history[0].GetProperty("action").GetString());
        Assert.Equal(("init", "127.0.0.1"), (history[0].GetProperty("user").GetString(), history[0].GetProperty("clientAddress").GetString()));
        Assert.EndsWith("from the console", history[0].GetProperty("detail").GetString());
        var verify = await console.PostAsync("/api/v1/maintenance/verify", new { sample = 5 });
        Assert.True((await verify.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("clean").GetBoolean());
        var audit = await console.Http.GetStringAsync("/api/v1/audit?action=tag.delete", Cancel);
        Assert.Contains("gc/app", audit);
    }

    [Fact]
    public async Task Logins_with_a_password_set_the_users_last_login_and_a_user_who_never_logged_in_shows_none()
    {
        await AddUserAsync("puller", Role.Pull);
        await AddUserAsync("fresh", Role.Pull);
        var before = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        using (var token = new HttpRequestMessage(HttpMethod.Get, "/v2/auth?service=x&scope=repository:app:pull"))
        {
            token.Headers.Authorization = Basic("puller", "puller-password");
            using var issued = await Http.SendAsync(token, Cancel);
            Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        }
        using var console = await LoginAsync("init", InitPassword);

        // Recorded off the request path: wait for the write rather than for a fixed time.
        var lastLogins = await Poll.ForAsync("two users show a last login",
            async () => LastLogins(await console.Http.GetFromJsonAsync<JsonElement>("/api/v1/users", Cancel)),
            logins => logins.Count(l => l.Value is not null) >= 2, within: TimeSpan.FromSeconds(10), every: TimeSpan.FromMilliseconds(100), Cancel);
        Assert.InRange(lastLogins["init"]!.Value, before, DateTimeOffset.UtcNow);
        Assert.InRange(lastLogins["puller"]!.Value, before, DateTimeOffset.UtcNow);
        Assert.Null(lastLogins["fresh"]);
    }

    [Fact]
    public async Task The_store_writes_a_users_last_login_at_most_once_a_minute()
    {
        await AddUserAsync("puller", Role.Pull);
        var store = Server.Services.GetRequiredService<IUserStore>();
        var first = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        await store.RecordLoginAsync("puller", first, TimeSpan.FromMinutes(1), Cancel);
        await store.RecordLoginAsync("puller", first.AddSeconds(59), TimeSpan.FromMinutes(1), Cancel);
        Assert.Equal(first, (await store.FindAsync("puller", Cancel))!.LastLogin);
        await store.RecordLoginAsync("puller", first.AddSeconds(60), TimeSpan.FromMinutes(1), Cancel);
        Assert.Equal(first.AddSeconds(60), (await store.FindAsync("puller", Cancel))!.LastLogin);
    }

    private static Dictionary<string, DateTimeOffset?> LastLogins(JsonElement users) =>
        users.EnumerateArray().ToDictionary(u => u.GetProperty("name").GetString()!,
            u => u.GetProperty("lastLogin").ValueKind == JsonValueKind.Null ? (DateTimeOffset?)null : u.GetProperty("lastLogin").GetDateTimeOffset());

    private async Task PushAsync(string repository, string tag, int seed, int layerSize = 1024)
    {
        Registry.Http.DefaultRequestHeaders.Authorization = Basic("init", InitPassword);
        await Registry.PushImageAsync(repository, tag, TestImages.Image(1, layerSize, seed));
        Registry.Http.DefaultRequestHeaders.Authorization = null;
    }

    private async Task<string[]> TagsAsync(ConsoleClient console, string repository) =>
        (await console.Http.GetFromJsonAsync<JsonElement>($"/api/v1/repository?name={repository}", Cancel)).GetProperty("manifests").EnumerateArray()
        .SelectMany(m => m.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)).Order().ToArray();

    private static string[] Names(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToArray();

    private ConsoleClient ConsoleSession() => new(Server);

    private Task<ConsoleClient> LoginAsync(string user, string password) => ConsoleClient.LogInAsync(Server, user, password);

    private async Task AddUserAsync(string name, Role role) =>
        await Server.Services.GetRequiredService<UserService>().AddAsync(name, role, $"{name}-password", Cancel);

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}

public sealed class AnonymousConsoleTests : RegistryTest
{
    protected override string[] ServerArgs => ["--tls:enabled", "true", "--auth:enabled", "true", "--auth:anonymousPull", "true", "--auth:bcryptCost", "10"];

    [Fact]
    public async Task Anonymous_pull_allows_read_only_browsing()
    {
        using var console = new ConsoleClient(Server);
        using (var list = await console.Http.GetAsync("/api/v1/repositories", Cancel)) Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using (var delete = await console.SendAsync(HttpMethod.Delete, "/api/v1/tag?repository=a&tag=v1")) Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        using (var users = await console.Http.GetAsync("/api/v1/users", Cancel)) Assert.Equal(HttpStatusCode.Unauthorized, users.StatusCode);
    }

    [Fact]
    public async Task Pages_are_served_from_the_binary_with_deep_links()
    {
        using var console = new ConsoleClient(Server);
        foreach (var page in new[] { "/", "/repositories/team/app", "/users" })
        {
            using var response = await console.Http.GetAsync(page, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        }
        using (var missing = await console.Http.GetAsync("/nothing.js", Cancel)) Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using (var notAPage = await console.Http.GetAsync("/etc/passwd", Cancel)) Assert.Equal(HttpStatusCode.NotFound, notAPage.StatusCode);
        using (var api = await console.Http.GetAsync("/api/v1/nothing", Cancel)) Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
    }
}

/// <summary>A browser-like client: keeps cookies and repeats the CSRF cookie in the header on state-changing requests.</summary>
internal sealed class ConsoleClient : IDisposable
{
    public ConsoleClient(RegistryServer server)
    {
        var handler = server.CreateHandler();
        handler.CookieContainer = Cookies;
        handler.UseCookies = true;
        Http = new HttpClient(handler) { BaseAddress = server.BaseAddress };
        _baseAddress = server.BaseAddress;
    }

    private readonly Uri _baseAddress;

    public CookieContainer Cookies { get; } = new();
    public HttpClient Http { get; }

    /// <summary>A client with a console session of <paramref name="user"/>.</summary>
    public static async Task<ConsoleClient> LogInAsync(RegistryServer server, string user, string password)
    {
        var console = new ConsoleClient(server);
        using var login = await console.PostAsync("/api/v1/session", new { user, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return console;
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        if (Cookies.GetCookies(_baseAddress)["appliance-csrf"] is null) (await Http.GetAsync("/api/v1/session")).Dispose();
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-Token", Cookies.GetCookies(_baseAddress)["appliance-csrf"]!.Value);
        return await Http.SendAsync(request);
    }

    public void Dispose() => Http.Dispose();
}
