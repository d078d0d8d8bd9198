using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Registry.Tests.Identity;

/// <summary>
/// Namespace grants through the registry API and the console: the same decision for tokens, Basic credentials, the catalog,
/// mounts and the console's listings. alice (no global role) may push to team-a; the group "readers" (bob) may pull team-*;
/// anonymous callers may pull "public".
/// </summary>
public sealed class NamespaceAccessTests : RegistryTest
{
    private const string InitPassword = "init-password-for-tests";
    private readonly TestImage _image = TestImages.Image(2, 512, 31);

    protected override string[] ServerArgs => ["--tls:enabled", "true", "--auth:enabled", "true", "--auth:initPassword", InitPassword, "--auth:bcryptCost", "10"];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var users = Server.Services.GetRequiredService<UserService>();
        await users.AddAsync("alice", Role.None, "alice-password", Cancel);
        await users.AddAsync("bob", Role.None, "bob-password", Cancel);
        var groups = Server.Services.GetRequiredService<IGroupStore>();
        await groups.CreateAsync("readers", Cancel);
        await groups.AddMemberAsync("readers", "bob", Cancel);
        var grants = Server.Services.GetRequiredService<IGrantStore>();
        await grants.SetAsync(new Grant(PrincipalKind.User, "alice", "team-a", NamespacePermission.Push), Cancel);
        await grants.SetAsync(new Grant(PrincipalKind.Group, "readers", "team-*", NamespacePermission.Pull), Cancel);
        await grants.SetAsync(new Grant(PrincipalKind.Anonymous, "", "public", NamespacePermission.Pull), Cancel);
        Server.Services.GetRequiredService<GrantCache>().Invalidate();

        Http.DefaultRequestHeaders.Authorization = Basic("init", InitPassword);
        foreach (var repository in new[] { "team-a/app", "team-b/secret", "public/tools", "ocp4/release" })
        {
            await Registry.PushImageAsync(repository, "v1", _image);
        }
        Http.DefaultRequestHeaders.Authorization = null;
    }

    [Fact]
    public async Task Tokens_grant_what_the_namespace_grants_allow()
    {
        Assert.Equal(["pull", "push"], await GrantedAsync("alice", "repository:team-a/app:pull,push"));
        Assert.Empty(await GrantedAsync("alice", "repository:team-b/secret:pull"));
        Assert.Equal(["pull"], await GrantedAsync("bob", "repository:team-b/secret:pull,push"));
        Assert.Empty(await GrantedAsync("bob", "repository:ocp4/release:pull"));
        Assert.Equal(["pull"], await GrantedAsync("alice", "repository:public/tools:pull,push"));
        Assert.Equal(["pull", "push", "delete"], await GrantedAsync("init", "repository:ocp4/release:pull,push,delete"));
    }

    [Fact]
    public async Task Basic_credentials_are_refused_outside_the_granted_namespaces_with_denied()
    {
        using (var allowed = await SendAsync(HttpMethod.Get, "/v2/team-a/app/manifests/v1", Basic("alice", "alice-password")))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using (var refused = await SendAsync(HttpMethod.Get, "/v2/team-b/secret/manifests/v1", Basic("alice", "alice-password")))
        {
            await OciErrorAssert.HasErrorAsync(refused, HttpStatusCode.Forbidden, "DENIED");
        }
        using (var readOnly = await SendAsync(HttpMethod.Delete, $"/v2/team-a/app/manifests/{_image.Digest}", Basic("bob", "bob-password")))
        {
            await OciErrorAssert.HasErrorAsync(readOnly, HttpStatusCode.Forbidden, "DENIED");
        }
    }

    [Fact]
    public async Task A_token_without_the_scope_is_challenged_only_when_the_holder_could_have_it()
    {
        var token = await TokenAsync("alice", "repository:team-a/app:pull");
        using (var couldHave = await SendAsync(HttpMethod.Get, "/v2/team-a/app/tags/list", Bearer(token)))
        {
            Assert.Equal(HttpStatusCode.OK, couldHave.StatusCode);
        }
        using var other = await SendAsync(HttpMethod.Get, "/v2/team-b/secret/tags/list", Bearer(token));
        await OciErrorAssert.HasErrorAsync(other, HttpStatusCode.Forbidden, "DENIED");
    }

    [Fact]
    public async Task The_catalog_lists_only_what_the_caller_may_pull()
    {
        Assert.Equal(["public/tools", "team-a/app"], await CatalogAsync(Basic("alice", "alice-password")));
        Assert.Equal(["public/tools", "team-a/app", "team-b/secret"], await CatalogAsync(Bearer(await TokenAsync("bob", "registry:catalog:*"))));
        Assert.Equal(["ocp4/release", "public/tools", "team-a/app", "team-b/secret"], await CatalogAsync(Basic("init", InitPassword)));
        // Paging fills each page with visible repositories only.
        using var page = await SendAsync(HttpMethod.Get, "/v2/_catalog?n=1", Basic("alice", "alice-password"));
        Assert.Equal(["public/tools"], await RepositoriesOfAsync(page));
        Assert.Contains("last=public%2Ftools", page.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task Anonymous_callers_pull_only_the_namespace_granted_to_anonymous()
    {
        var anonymous = await TokenAsync(null, "repository:public/tools:pull repository:team-a/app:pull");
        using (var pull = await SendAsync(HttpMethod.Get, "/v2/public/tools/manifests/v1", Bearer(anonymous)))
        {
            Assert.Equal(HttpStatusCode.OK, pull.StatusCode);
        }
        using var refused = await SendAsync(HttpMethod.Get, "/v2/team-a/app/manifests/v1", Bearer(anonymous));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_mount_from_a_namespace_the_caller_cannot_read_becomes_an_upload()
    {
        var layer = _image.Layers[0];
        var token = await TokenAsync("alice", "repository:team-a/copy:pull,push repository:team-b/secret:pull");
        using (var refused = await SendAsync(HttpMethod.Post, $"/v2/team-a/copy/blobs/uploads/?mount={layer.Digest}&from=team-b/secret", Bearer(token)))
        {
            Assert.Equal(HttpStatusCode.Accepted, refused.StatusCode);
        }
        using var allowed = await SendAsync(HttpMethod.Post, $"/v2/team-a/copy/blobs/uploads/?mount={layer.Digest}&from=team-a/app",
            Bearer(await TokenAsync("alice", "repository:team-a/copy:pull,push repository:team-a/app:pull")));
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
    }

    [Fact]
    public async Task The_console_shows_and_changes_only_granted_namespaces()
    {
        using var console = new ConsoleClient(Server);
        using (var login = await console.PostAsync("/api/v1/session", new { user = "alice", password = "alice-password" }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
        using (var list = await console.Http.GetAsync("/api/v1/repositories", Cancel))
        {
            using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync(Cancel));
            Assert.Equal(["public/tools", "team-a/app"], json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
            Assert.Equal(2, json.RootElement.GetProperty("total").GetInt64());
        }
        using (var hidden = await console.Http.GetAsync("/api/v1/repository?name=team-b/secret", Cancel)) Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using (var readOnly = await console.SendAsync(HttpMethod.Delete, "/api/v1/tag?repository=public/tools&tag=v1"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        }
        using (var delete = await console.SendAsync(HttpMethod.Delete, "/api/v1/tag?repository=team-a/app&tag=v1"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }
        using (var users = await console.Http.GetAsync("/api/v1/users", Cancel)) Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
    }

    private async Task<string[]> GrantedAsync(string user, string scope) => TokenAccess.Actions(await TokenAsync(user, scope));

    private async Task<string> TokenAsync(string? user, string scopes)
    {
        var query = string.Join("&", scopes.Split(' ').Select(s => "scope=" + Uri.EscapeDataString(s)));
        using var response = await SendAsync(HttpMethod.Get, $"/v2/auth?service={Server.Authority}&{query}",
            user is null ? null : Basic(user, user == "init" ? InitPassword : $"{user}-password"));
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("token").GetString()!;
    }

    private async Task<string[]> CatalogAsync(AuthenticationHeaderValue credentials)
    {
        using var response = await SendAsync(HttpMethod.Get, "/v2/_catalog", credentials);
        return await RepositoriesOfAsync(response);
    }

    private static async Task<string[]> RepositoriesOfAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        return body.GetProperty("repositories").EnumerateArray().Select(r => r.GetString()!).ToArray();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue? credentials)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = credentials;
        return await Http.SendAsync(request, Cancel);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
