using System.Security.Cryptography;
using Appliance.Testing;

namespace Appliance.Registry.Tests.Upstreams;

/// <summary>Many clients asking the cache for the same cold blob at once cause one download from the upstream.</summary>
public sealed class SingleFlightTests : IAsyncLifetime
{
    private const int Clients = 32;
    private const int LayerBytes = 256 * 1024 * 1024;

    private UpstreamSites _sites = null!;
    private RegistryServer _cache = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sites = await UpstreamSites.StartAsync();
        _cache = await RegistryServer.StartAsync(_sites.Arguments());
    }

    public async ValueTask DisposeAsync()
    {
        await _cache.DisposeAsync();
        await _sites.DisposeAsync();
    }

    [Fact]
    public async Task Thirty_two_concurrent_cold_pulls_of_a_256_MiB_layer_are_one_upstream_GET()
    {
        var content = new byte[LayerBytes];
        new Random(2620).NextBytes(content);
        var layer = new TestBlob(content, "application/octet-stream");
        using (var pusher = _sites.Distribution.CreateClient()) await pusher.PushBlobAsync("lib/big", layer);

        using var start = new SemaphoreSlim(0);
        var pulls = Enumerable.Range(0, Clients).Select(async _ =>
        {
            using var http = _cache.CreateClient();
            await start.WaitAsync(Cancel);
            using var response = await http.GetAsync($"/v2/one/big/blobs/{layer.Digest}", HttpCompletionOption.ResponseHeadersRead, Cancel);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(Cancel);
            return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(body, Cancel));
        }).ToArray();
        start.Release(Clients);

        Assert.All(await Task.WhenAll(pulls), digest => Assert.Equal(layer.Digest, digest));
        Assert.Equal(1, _sites.Distribution.CountGets($"lib/big/blobs/{layer.Digest}"));
    }
}
