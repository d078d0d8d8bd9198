using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Appliance.Core.Auth;
using Appliance.Registry.Auth;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Appliance.Registry.Tests;

public sealed class AuthTests : RegistryTest
{
    private const string InitPassword = "init-password-for-tests";
    private readonly TestImage _image = TestImages.Image(1, 512, 21);

    protected override string[] ServerArgs =>
    [
        "--auth:enabled", "true", "--auth:initPassword", InitPassword, "--auth:bcryptCost", "11",
        "--auth:failuresBeforeThrottling", "3", "--auth:maxThrottleSeconds", "1",
    ];

    [Fact]
    public async Task Anonymous_version_check_gets_a_bearer_challenge()
    {
        using var response = await Http.GetAsync("/v2/", Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains($"realm=\"http://{Server.Authority}/v2/auth\"", challenge.Parameter);
        Assert.Contains($"service=\"{Server.Authority}\"", challenge.Parameter);
    }

    [Fact]
    public async Task Anonymous_repository_access_is_challenged_with_the_scope()
    {
        using var response = await Http.GetAsync("/v2/app/manifests/v1", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("scope=\"repository:app:pull\"", response.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Fact]
    public async Task Init_user_password_file_is_private_and_works()
    {
        var file = Path.Combine(Server.DataDirectory, "init-password");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(InitPassword, (await File.ReadAllTextAsync(file, Cancel)).Trim());
        var token = await GetTokenAsync("init", InitPassword, "repository:app:pull,push");
        await PushWithTokenAsync("app", token);
    }

    [Fact]
    public async Task Token_flow_push_and_pull()
    {
        var token = await GetTokenAsync("init", InitPassword, "repository:team/app:pull,push");
        await PushWithTokenAsync("team/app", token);
        using var pull = Authorized(HttpMethod.Get, "/v2/team/app/manifests/v1", token);
        using var response = await Http.SendAsync(pull, Cancel);
        Assert.Equal(_image.Manifest.Content, await response.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task Token_is_an_es256_jwt_with_kid_and_access_claim()
    {
        var token = new JsonWebToken(await GetTokenAsync("init", InitPassword, "repository:app:pull"));
        Assert.Equal("ES256", token.Alg);
        Assert.False(string.IsNullOrEmpty(token.Kid));
        Assert.Equal("init", token.Subject);
        Assert.True(token.ValidTo > DateTime.UtcNow);
        Assert.Contains("\"pull\"", token.GetClaim("access").Value);
    }

    [Fact]
    public async Task Basic_credentials_work_directly_on_the_api()
    {
        var anonymous = await Assert.ThrowsAsync<HttpRequestException>(() => Registry.PushImageAsync("app", "v1", _image));
        Assert.Contains("401", anonymous.Message);
        Http.DefaultRequestHeaders.Authorization = Basic("init", InitPassword);
        await Registry.PushImageAsync("app", "v1", _image);
        Assert.Equal(_image.Manifest.Content, await Http.GetByteArrayAsync("/v2/app/manifests/v1", Cancel));
    }

    [Fact]
    public async Task Wrong_password_is_refused_by_the_token_endpoint()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/auth?service=x&scope=repository:app:pull");
        request.Headers.Authorization = Basic("init", "wrong-password");
        using var response = await Http.SendAsync(request, Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Pull_only_user_can_pull_but_pushing_is_denied()
    {
        await AddUserAsync("puller", Role.Pull);
        var admin = await GetTokenAsync("init", InitPassword, "repository:app:pull,push");
        await PushWithTokenAsync("app", admin);

        var token = await GetTokenAsync("puller", "puller-password", "repository:app:pull,push");
        Assert.DoesNotContain("\"push\"", new JsonWebToken(token).GetClaim("access").Value);
        using (var pull = await Http.SendAsync(Authorized(HttpMethod.Get, "/v2/app/manifests/v1", token), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, pull.StatusCode);
        }
        using var push = Authorized(HttpMethod.Put, "/v2/app/manifests/v2", token);
        push.Content = new ByteArrayContent(_image.Manifest.Content);
        push.Content.Headers.ContentType = new MediaTypeHeaderValue(TestImages.OciManifest);
        using var response = await Http.SendAsync(push, Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.Forbidden, "DENIED");

        using var delete = await Http.SendAsync(Authorized(HttpMethod.Delete, $"/v2/app/manifests/{_image.Digest}", token), Cancel);
        await OciErrorAssert.HasErrorAsync(delete, HttpStatusCode.Forbidden, "DENIED");
    }

    [Fact]
    public async Task Token_for_one_repository_does_not_open_another()
    {
        var admin = await GetTokenAsync("init", InitPassword, "repository:b:pull,push");
        await PushWithTokenAsync("b", admin);
        var tokenForA = await GetTokenAsync("init", InitPassword, "repository:a:pull");
        using var response = await Http.SendAsync(Authorized(HttpMethod.Get, "/v2/b/manifests/v1", tokenForA), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Fact]
    public async Task Expired_token_is_refused()
    {
        var keys = Server.Services.GetRequiredService<TokenSigningKeys>();
        var expired = Sign(keys.Current, DateTime.UtcNow.AddMinutes(-10), DateTime.UtcNow.AddMinutes(-5));
        await AssertRefusedAsync(expired);
    }

    [Fact]
    public async Task Token_signed_by_an_unknown_key_is_refused()
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var key = new ECDsaSecurityKey(ecdsa) { KeyId = Server.Services.GetRequiredService<TokenSigningKeys>().Current.KeyId };
        await AssertRefusedAsync(Sign(key, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(5)));
    }

    [Fact]
    public async Task Tampered_token_is_refused()
    {
        var token = await GetTokenAsync("init", InitPassword, "repository:app:pull");
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"app\"", "\"other\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
        using var response = await Http.SendAsync(Authorized(HttpMethod.Get, "/v2/other/tags/list", tampered), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Fact]
    public async Task Catalog_needs_credentials_and_the_catalog_scope()
    {
        using (var anonymous = await Http.GetAsync("/v2/_catalog", Cancel)) Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var withoutScope = await GetTokenAsync("init", InitPassword, "repository:app:pull");
        using (var denied = await Http.SendAsync(Authorized(HttpMethod.Get, "/v2/_catalog", withoutScope), Cancel))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        }
        var token = await GetTokenAsync("init", InitPassword, "registry:catalog:*");
        using var response = await Http.SendAsync(Authorized(HttpMethod.Get, "/v2/_catalog", token), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Repeated_failures_are_throttled_and_recover()
    {
        for (var i = 0; i < 3; i++)
        {
            using var failure = await TokenRequestAsync("init", "wrong-password");
            Assert.Equal(HttpStatusCode.Unauthorized, failure.StatusCode);
        }
        using (var throttled = await TokenRequestAsync("init", InitPassword))
        {
            await OciErrorAssert.HasErrorAsync(throttled, HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
            Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }
        await Task.Delay(TimeSpan.FromSeconds(1.2), Cancel);
        using var recovered = await TokenRequestAsync("init", InitPassword);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task Oauth_password_grant_issues_a_token()
    {
        using var response = await Http.PostAsync("/v2/auth", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "init", ["password"] = InitPassword,
            ["service"] = Server.Authority, ["scope"] = "repository:app:pull", ["client_id"] = "containerd",
        }), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task Rotated_keys_still_validate_tokens_issued_before()
    {
        var before = await GetTokenAsync("init", InitPassword, "registry:catalog:*");
        using (var rotate = new HttpRequestMessage(HttpMethod.Post, "/admin/keys/rotate"))
        {
            rotate.Headers.Authorization = Basic("init", InitPassword);
            using var rotated = await Http.SendAsync(rotate, Cancel);
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        }
        var after = await GetTokenAsync("init", InitPassword, "registry:catalog:*");
        Assert.NotEqual(new JsonWebToken(before).Kid, new JsonWebToken(after).Kid);
        foreach (var token in new[] { before, after })
        {
            using var response = await Http.SendAsync(Authorized(HttpMethod.Get, "/v2/_catalog", token), Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Mount_challenge_names_both_scopes_and_its_token_mounts()
    {
        var admin = await GetTokenAsync("init", InitPassword, "repository:source/app:pull,push");
        await PushWithTokenAsync("source/app", admin);
        var layer = _image.Layers[0].Digest;
        var mount = $"/v2/target/app/blobs/uploads/?mount={layer}&from=source/app";

        // A client that builds its token request from the challenge, as a generic Docker token client does.
        using var challenged = await Http.PostAsync(mount, null, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
        var parameters = ChallengeParameters(challenged.Headers.WwwAuthenticate.Single().Parameter!);
        Assert.Equal("repository:target/app:pull,push repository:source/app:pull", parameters["scope"]);
        var scopes = string.Join('&', parameters["scope"].Split(' ').Select(scope => $"scope={Uri.EscapeDataString(scope)}"));
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, $"{parameters["realm"]}?service={parameters["service"]}&{scopes}");
        tokenRequest.Headers.Authorization = Basic("init", InitPassword);
        using var tokenResponse = await Http.SendAsync(tokenRequest, Cancel);
        using var json = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync(Cancel));

        using var mounted = await Http.SendAsync(Authorized(HttpMethod.Post, mount, json.RootElement.GetProperty("token").GetString()!), Cancel);
        Assert.Equal(HttpStatusCode.Created, mounted.StatusCode);
        Assert.Equal($"/v2/target/app/blobs/{layer}", mounted.Headers.Location!.OriginalString);
    }

    private static Dictionary<string, string> ChallengeParameters(string parameter) =>
        System.Text.RegularExpressions.Regex.Matches(parameter, "(\\w+)=\"([^\"]*)\"").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [Fact]
    public async Task Users_and_signing_keys_survive_a_restart()
    {
        await AddUserAsync("puller", Role.Pull);
        var token = await GetTokenAsync("init", InitPassword, "registry:catalog:*");
        await Server.RestartAsync();
        using (var response = await Http.SendAsync(Authorized(HttpMethod.Get, "/v2/_catalog", token), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await GetTokenAsync("puller", "puller-password", "repository:app:pull");
    }

    private async Task AddUserAsync(string name, Role role) =>
        await Server.Services.GetRequiredService<UserService>().AddAsync(name, role, $"{name}-password", Cancel);

    private async Task<HttpResponseMessage> TokenRequestAsync(string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/auth?service={Server.Authority}&scope=repository:app:pull");
        request.Headers.Authorization = Basic(user, password);
        return await Http.SendAsync(request, Cancel);
    }

    private async Task<string> GetTokenAsync(string user, string password, string scope)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/auth?service={Server.Authority}&scope={Uri.EscapeDataString(scope)}");
        request.Headers.Authorization = Basic(user, password);
        using var response = await Http.SendAsync(request, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("token").GetString()!;
    }

    private async Task PushWithTokenAsync(string repository, string token)
    {
        using var client = Server.CreateRegistryClient();
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await client.PushImageAsync(repository, "v1", _image);
    }

    private async Task AssertRefusedAsync(string token)
    {
        using var response = await Http.SendAsync(Authorized(HttpMethod.Get, "/v2/_catalog", token), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.Single().Parameter);
    }

    private static string Sign(SecurityKey key, DateTime notBefore, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "appliance-registry", NotBefore = notBefore, IssuedAt = notBefore, Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "init",
                ["access"] = new[] { new Dictionary<string, object> { ["type"] = "registry", ["name"] = "catalog", ["actions"] = new[] { "*" } } },
            },
        });

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}

public sealed class AnonymousPullTests : RegistryTest
{
    protected override string[] ServerArgs => ["--auth:enabled", "true", "--auth:anonymousPull", "true", "--auth:bcryptCost", "11"];

    [Fact]
    public async Task Anyone_may_pull_but_not_push()
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(Server.DataDirectory, "init-password"), Cancel)).Trim();
        using (var admin = Server.CreateRegistryClient())
        {
            admin.Http.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"init:{password}")));
            await admin.PushImageAsync("public/app", "v1", TestImages.Image(1, 100, 5));
        }
        using (var pull = await Http.GetAsync("/v2/public/app/manifests/v1", Cancel)) Assert.Equal(HttpStatusCode.OK, pull.StatusCode);
        using var push = await Http.PostAsync("/v2/public/app/blobs/uploads/", null, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, push.StatusCode);
    }
}
