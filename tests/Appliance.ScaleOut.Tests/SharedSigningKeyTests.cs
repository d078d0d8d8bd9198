using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Appliance.ScaleOut.Tests;

/// <summary>Token signing keys live in the database: any replica accepts any replica's tokens, and a rotation acts on all.</summary>
public sealed class SharedSigningKeyTests : ScaleOutTest
{
    private const string Scope = "registry:catalog:*";

    [Fact]
    public async Task A_token_issued_by_one_replica_is_accepted_by_the_others()
    {
        var token = await IssueAsync(0);
        Assert.Equal(HttpStatusCode.OK, await CatalogStatusAsync(1, token));
        Assert.Equal(HttpStatusCode.OK, await CatalogStatusAsync(2, token));
    }

    [Fact]
    public async Task A_rotation_on_one_replica_signs_and_retires_on_all_within_seconds()
    {
        var original = await IssueAsync(0);

        var second = await RotateAsync(1);
        // As on one node: the new key signs everywhere, and the one it replaced still validates what it signed.
        await EventuallyAsync("every replica signs with the rotated key", async () =>
            (await Task.WhenAll(Enumerable.Range(0, 3).Select(async r => new JsonWebToken(await IssueAsync(r)).Kid))).All(kid => kid == second));
        var signedBySecond = await IssueAsync(1);
        foreach (var replica in new[] { 0, 2 })
        {
            Assert.Equal(HttpStatusCode.OK, await CatalogStatusAsync(replica, original));
            Assert.Equal(HttpStatusCode.OK, await CatalogStatusAsync(replica, signedBySecond));
        }

        var third = await RotateAsync(1);
        // The second rotation retires the original key: its tokens are refused everywhere, the newer ones accepted.
        await EventuallyAsync("every replica refuses the retired key", async () =>
            (await Task.WhenAll(Enumerable.Range(0, 3).Select(r => CatalogStatusAsync(r, original)))).All(s => s == HttpStatusCode.Unauthorized));
        var signedByThird = await IssueAsync(1);
        Assert.Equal(third, new JsonWebToken(signedByThird).Kid);
        foreach (var replica in new[] { 0, 2 })
        {
            Assert.Equal(HttpStatusCode.OK, await CatalogStatusAsync(replica, signedBySecond));
            Assert.Equal(HttpStatusCode.OK, await CatalogStatusAsync(replica, signedByThird));
        }
    }

    private async Task<string> IssueAsync(int replica)
    {
        using var http = Cluster.CreateClient(replica);
        using var response = await http.GetAsync($"/v2/auth?service=registry&scope={Uri.EscapeDataString(Scope)}", Cancel);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        return body.RootElement.GetProperty("token").GetString()!;
    }

    /// <returns>The new signing key's id.</returns>
    private async Task<string> RotateAsync(int replica)
    {
        using var http = Cluster.CreateClient(replica);
        using var response = await http.PostAsync("/admin/keys/rotate", null, Cancel);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("signingKey").GetString()!;
    }

    private async Task<HttpStatusCode> CatalogStatusAsync(int replica, string token)
    {
        using var http = Cluster.Replicas[replica].CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/_catalog");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, Cancel);
        return response.StatusCode;
    }
}
