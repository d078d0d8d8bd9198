using System.Net;
using Appliance.Testing;

namespace Appliance.Registry.Tests.Upstreams;

/// <summary>
/// A cache whose upstreams are reached only through <c>upstreams.httpsProxy</c>, a real tinyproxy on loopback: pulls go
/// through it (its log shows the CONNECT to each upstream, the token service of upstream 2 included), and with it stopped an
/// uncached pull fails naming the proxy, is logged, and stores nothing.
/// </summary>
public sealed class HttpsProxyTests : IAsyncLifetime
{
    private readonly CachePuller _puller = new();
    private readonly TestDirectory _data = new("appliance-proxied-cache");
    private UpstreamSites _sites = null!;
    private TinyproxyServer _proxy = null!;
    private RegistryProcess _cache = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string CacheAuthority => _cache.BaseAddress.Authority;

    public async ValueTask InitializeAsync()
    {
        _sites = await UpstreamSites.StartAsync();
        _proxy = await TinyproxyServer.StartAsync();
        _cache = await RegistryProcess.StartAsync(_data.Path, [.. _sites.Arguments(), "--upstreams:httpsProxy", _proxy.Url]);
    }

    public async ValueTask DisposeAsync()
    {
        await _cache.DisposeAsync();
        await _proxy.DisposeAsync();
        await _sites.DisposeAsync();
        _puller.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Pulls_reach_both_upstreams_through_the_proxy_and_fail_naming_it_when_it_is_down()
    {
        var first = TestImages.Image(1, 64 * 1024, 2640);
        var second = TestImages.Image(1, 64 * 1024, 2641);
        var uncached = TestImages.Image(1, 64 * 1024, 2642);
        using (var pusher = _sites.Distribution.CreateClient())
        {
            await pusher.PushImageAsync("lib/app", "v1", first);
            await pusher.PushImageAsync("lib/app", "v2", uncached);
        }
        using (var pusher = _sites.CreateRegistryPusher()) await pusher.PushImageAsync("lib/app", "v1", second);

        (await _puller.SkopeoCopyAsync($"{CacheAuthority}/one/app:v1")).EnsureSuccess("skopeo copy one/app:v1 through the proxy");
        (await _puller.SkopeoCopyAsync($"{CacheAuthority}/two/app:v1")).EnsureSuccess("skopeo copy two/app:v1 (token auth) through the proxy");
        Assert.Contains($"CONNECT {_sites.Distribution.Authority} ", _proxy.Log);
        Assert.Contains($"CONNECT {_sites.Registry.Authority} ", _proxy.Log);

        await _proxy.StopAsync();
        using var http = _cache.CreateClient();
        using var refused = await http.GetAsync("/v2/one/app/manifests/v2", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync(Cancel);
        Assert.Contains($"upstream {_sites.Distribution.Authority} is unreachable through the HTTPS proxy {_proxy.Url}", body);
        Assert.True(await Poll.HoldsWithinAsync(() => Task.FromResult(_cache.Output.Contains("could not be fetched", StringComparison.Ordinal)
                                                                       && _cache.Output.Contains(_proxy.Url, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50), Cancel), $"the registry did not log the failure:\n{_cache.Output}");

        // Nothing of v2 was stored: by digest it is not served either (a cached one would be, with the proxy down).
        using var byDigest = await http.GetAsync($"/v2/one/app/manifests/{uncached.Digest}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, byDigest.StatusCode);
        using var layer = await http.GetAsync($"/v2/one/app/blobs/{uncached.Layers[0].Digest}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, layer.StatusCode);
        // What was pulled through the proxy is served without it.
        (await _puller.SkopeoCopyAsync($"{CacheAuthority}/one/app@{first.Digest}")).EnsureSuccess("skopeo copy one/app@digest with the proxy down");
    }
}
