using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Appliance.Registry.Auth;
using Appliance.Testing;
using OpenQA.Selenium;

namespace Appliance.Console.Tests;

/// <summary>
/// The Upstreams page for an admin: a registry whose <c>mirror</c> maps to a CNCF distribution on loopback (TLS, htpasswd),
/// one pull through the cache, and the page shows the upstream, the miss, the bytes fetched and the cached repository,
/// never the pull secret's password.
/// </summary>
public sealed class UpstreamsConsoleTests : ConsoleTest
{
    private static readonly BasicCredentials UpstreamCredentials = new("puller", "upstream-password-never-shown");
    private readonly TestDirectory _work = new("appliance-console-upstreams");
    private SecuredDistributionServer _upstream = null!;

    protected override async Task<string[]> PrepareAsync()
    {
        _upstream = await SecuredDistributionServer.StartAsync(_work.Combine("upstream"), UpstreamCredentials);
        var pullSecret = _work.Combine("pull-secret.json");
        await File.WriteAllTextAsync(pullSecret, JsonSerializer.Serialize(new
        {
            auths = new Dictionary<string, object> { [_upstream.Authority] = new { auth = Base64($"{UpstreamCredentials.User}:{UpstreamCredentials.Password}") } },
        }));
        return ["--upstreams:mappings:0", $"{_upstream.Authority}/lib=mirror", "--upstreams:pullSecretFile", pullSecret,
            "--upstreams:hosts:0:host", _upstream.Authority, "--upstreams:hosts:0:caFile", _upstream.CaFile];
    }

    protected override async ValueTask StopPreparedAsync()
    {
        if (_upstream is not null) await _upstream.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task An_admin_sees_the_upstream_the_cache_counts_and_the_cached_repository_without_the_secret()
    {
        var image = TestImages.Image(layerCount: 2, layerSize: 40_000, seed: 61);
        using (var pusher = _upstream.CreateClient()) await pusher.PushImageAsync("lib/app", "v1", image);
        using (var puller = Server.CreateRegistryClient())
        {
            puller.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Base64($"init:{InitPassword}"));
            using var manifest = new HttpRequestMessage(HttpMethod.Get, "/v2/mirror/app/manifests/v1");
            manifest.Headers.Accept.ParseAdd(image.Manifest.MediaType);
            (await puller.Http.SendAsync(manifest, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
            foreach (var blob in image.Blobs)
            {
                Assert.Equal(blob.Content, await puller.Http.GetByteArrayAsync($"/v2/mirror/app/blobs/{blob.Digest}", TestContext.Current.CancellationToken));
            }
        }

        Browser.LogIn("init", InitPassword);
        Browser.WaitFor("#count-repositories");
        Browser.WaitFor("#nav a[href='/upstreams']").Click();
        var upstream = Browser.WaitForText("#upstream-list", _upstream.Authority);
        Assert.Contains($"{_upstream.Authority}/lib → mirror", upstream.Text, StringComparison.Ordinal);
        Assert.Contains("basic", upstream.Text, StringComparison.Ordinal);
        var counts = Browser.WaitFor("#cache-counts").FindElements(By.TagName("td")).Select(cell => cell.Text).ToArray();
        Assert.True(long.Parse(counts[1]) >= 1, $"misses: {counts[1]}");
        Assert.Matches(@"^\d+(\.\d)? KiB$", counts[2]);
        Assert.Equal("0", counts[3]);
        var cached = Browser.WaitForText("#cached-repositories", "mirror/app").FindElement(By.CssSelector("tbody tr"));
        Assert.Equal(["mirror/app", "1", "3"], cached.FindElements(By.TagName("td")).Take(3).Select(cell => cell.Text));
        Assert.DoesNotContain(UpstreamCredentials.Password, Browser.Driver.PageSource, StringComparison.Ordinal);
        Assert.DoesNotContain(Base64($"{UpstreamCredentials.User}:{UpstreamCredentials.Password}"), Browser.Driver.PageSource, StringComparison.Ordinal);
        Browser.Screenshot("upstreams");

        Browser.Resize(390, 844);
        Browser.Open("/upstreams");
        Browser.WaitForText("#cached-repositories", "mirror/app");
        Assert.False(Browser.ScrollsSideways(), "/upstreams scrolls sideways at 390 px");
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
