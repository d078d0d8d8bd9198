using System.Net;
using Appliance.Core.Content;
using Appliance.Core.Storage;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Registry.Tests.Upstreams;

/// <summary>
/// podman and skopeo pulling through the cache from upstream 1 (distribution, TLS, htpasswd) and upstream 2 (this registry,
/// TLS, token auth): what they get, what is stored, what happens when an upstream stops or moves a tag.
/// </summary>
public sealed class PullThroughCacheTests : IAsyncLifetime
{
    private static readonly TimeSpan TagTtl = TimeSpan.FromMinutes(10);

    /// <summary>The cache's time: moved past the TTL by the tests, so "within the TTL" holds however slowly the pulls run.</summary>
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly CachePuller _puller = new();
    private UpstreamSites _sites = null!;
    private RegistryServer _cache = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sites = await UpstreamSites.StartAsync();
        _cache = await RegistryServer.StartAsync(_clock, [.. _sites.Arguments(), "--upstreams:tagTtl", "10m"]);
    }

    public async ValueTask DisposeAsync()
    {
        await _cache.DisposeAsync();
        await _sites.DisposeAsync();
        _puller.Dispose();
    }

    [Fact]
    public async Task Skopeo_and_podman_pull_through_the_cache_by_tag_and_by_digest_from_both_upstreams()
    {
        var first = TestImages.Image(2, 256 * 1024, 2610, docker: true);
        var second = TestImages.Image(2, 256 * 1024, 2611);
        using (var pusher = _sites.Distribution.CreateClient()) await pusher.PushImageAsync("lib/app", "v1", first);
        using (var pusher = _sites.CreateRegistryPusher()) await pusher.PushImageAsync("lib/app", "v1", second);

        foreach (var (repository, image) in new[] { ("one/app", first), ("two/app", second) })
        {
            (await _puller.SkopeoCopyAsync($"{_cache.Authority}/{repository}:v1")).EnsureSuccess($"skopeo copy {repository}:v1");
            (await _puller.SkopeoCopyAsync($"{_cache.Authority}/{repository}@{image.Digest}")).EnsureSuccess($"skopeo copy {repository}@digest");
            (await _puller.PodmanPullAsync($"{_cache.Authority}/{repository}:v1")).EnsureSuccess($"podman pull {repository}:v1");
            Assert.Equal(System.Text.Encoding.UTF8.GetString(image.Manifest.Content), await _puller.RawAsync($"{_cache.Authority}/{repository}:v1"));
            await AssertStoredAsync(repository, image);
        }
        Assert.Equal(1, _sites.Distribution.CountGets($"lib/app/blobs/{first.Layers[0].Digest}"));

        // With both upstreams gone, everything pulled is still served, by tag and by digest.
        await _sites.Distribution.StopAsync();
        await _sites.Registry.StopAsync();
        (await _puller.SkopeoCopyAsync($"{_cache.Authority}/one/app:v1")).EnsureSuccess("skopeo copy one/app:v1 with its upstream stopped");
        (await _puller.SkopeoCopyAsync($"{_cache.Authority}/two/app@{second.Digest}")).EnsureSuccess("skopeo copy two/app@digest with its upstream stopped");
    }

    [Fact]
    public async Task An_uncached_image_of_a_stopped_upstream_is_the_spec_error_naming_the_upstream()
    {
        var cached = TestImages.Image(1, 4096, 2612);
        using (var pusher = _sites.Distribution.CreateClient()) await pusher.PushImageAsync("lib/app", "v1", cached);
        (await _puller.SkopeoCopyAsync($"{_cache.Authority}/one/app:v1")).EnsureSuccess("skopeo copy one/app:v1");
        await _sites.Distribution.StopAsync();

        using var http = _cache.CreateClient();
        using var response = await http.GetAsync("/v2/one/app/manifests/v2", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("MANIFEST_UNKNOWN", body);
        Assert.Contains($"upstream {_sites.Distribution.Authority} is unreachable", body);
        var podman = await _puller.PodmanPullAsync($"{_cache.Authority}/one/app:v2");
        Assert.NotEqual(0, podman.ExitCode);
        Assert.Contains(_sites.Distribution.Authority, podman.StandardError);

        // The cached tag is older than the TTL by now: it is served stale, not refused.
        _clock.Advance(TagTtl + TimeSpan.FromSeconds(1));
        (await _puller.SkopeoCopyAsync($"{_cache.Authority}/one/app:v1")).EnsureSuccess("skopeo copy of the stale tag");
        using var uncachedBlob = await http.GetAsync($"/v2/one/app/blobs/{Digest.Sha256("never pushed"u8)}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, uncachedBlob.StatusCode);
        Assert.Contains(_sites.Distribution.Authority, await uncachedBlob.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task A_tag_moved_upstream_is_served_as_cached_within_the_ttl_and_as_moved_after_it()
    {
        var before = TestImages.Image(1, 4096, 2613);
        var after = TestImages.Image(1, 4096, 2614);
        using var pusher = _sites.CreateRegistryPusher();
        await pusher.PushImageAsync("lib/app", "v1", before);
        Assert.Contains(before.Config.Digest, await _puller.RawAsync($"{_cache.Authority}/two/app:v1"));

        await pusher.PushImageAsync("lib/app", "v1", after);
        Assert.Contains(before.Config.Digest, await _puller.RawAsync($"{_cache.Authority}/two/app:v1"));
        _clock.Advance(TagTtl + TimeSpan.FromSeconds(1));
        Assert.Contains(after.Config.Digest, await _puller.RawAsync($"{_cache.Authority}/two/app:v1"));
        (await _puller.SkopeoCopyAsync($"{_cache.Authority}/two/app:v1")).EnsureSuccess("skopeo copy of the moved tag");
        await AssertStoredAsync("two/app", after);
    }

    [Fact]
    public async Task Only_mapped_repositories_proxy_and_a_pull_through_the_cache_needs_pull_permission()
    {
        var image = TestImages.Image(1, 4096, 2615);
        using (var pusher = _sites.Distribution.CreateClient())
        {
            await pusher.PushImageAsync("other/app", "v1", image);
            await pusher.PushImageAsync("lib/app", "v1", image);
        }
        var asked = _sites.Distribution.AccessLog.Count;
        using var http = _cache.CreateClient();
        using var unmapped = await http.GetAsync("/v2/other/app/manifests/v1", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, unmapped.StatusCode);

        await using var guarded = await RegistryServer.StartAsync([.. _sites.Arguments(), "--auth:enabled", "true", "--auth:initPassword", "cache-init-password",
            "--auth:bcryptCost", "10"]);
        using var anonymous = guarded.CreateClient();
        using var refused = await anonymous.GetAsync("/v2/one/app/manifests/v1", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(asked, _sites.Distribution.AccessLog.Count);
    }

    [Fact]
    public async Task Cached_content_unused_for_the_set_days_is_collected_and_fetched_again_when_pulled()
    {
        var image = TestImages.Image(1, 4096, 2616);
        using (var pusher = _sites.Distribution.CreateClient()) await pusher.PushImageAsync("lib/app", "v1", image);
        await using var cache = await RegistryServer.StartAsync([.. _sites.Arguments(), "--upstreams:unusedDays", "2", "--gc:gracePeriod", "00:00:00"]);
        (await _puller.SkopeoCopyAsync($"{cache.Authority}/one/app:v1")).EnsureSuccess("skopeo copy one/app:v1");
        var name = Appliance.Core.Names.RepositoryName.Parse("one/app");
        var layer = Digest.Parse(image.Layers[0].Digest);
        var blobs = cache.Services.GetRequiredService<IBlobIndex>();
        Assert.True(await Poll.HoldsWithinAsync(async () => await blobs.GetLinkedSizeAsync(name, layer, Cancel) is not null, TimeSpan.FromSeconds(10),
            TimeSpan.FromMilliseconds(20), Cancel));

        // Last used three days ago, as a record says after three days without pulls.
        var records = cache.Services.GetRequiredService<Appliance.Core.Upstreams.IUpstreamCacheIndex>();
        var threeDaysAgo = DateTimeOffset.UtcNow - TimeSpan.FromDays(3);
        foreach (var (digest, kind) in image.Blobs.Select(b => (b.Digest, Appliance.Core.Upstreams.CachedKind.Blob))
                     .Append((image.Digest, Appliance.Core.Upstreams.CachedKind.Manifest)))
        {
            await records.RecordAsync(new(name, Digest.Parse(digest), kind, 0, _sites.Distribution.Authority, threeDaysAgo, threeDaysAgo), Cancel);
        }
        // Blob records keep whole seconds: one that is not a second old is inside even a grace period of zero.
        await Task.Delay(TimeSpan.FromSeconds(1.1), Cancel);
        var report = await cache.Services.GetRequiredService<Appliance.Registry.Maintenance.AuditedGarbageCollection>()
            .RunAsync(dryRun: false, null, null, null, null, Cancel);

        Assert.Null(await cache.Services.GetRequiredService<IManifestIndex>().FindByTagAsync(name, "v1", Cancel));
        Assert.Null(await blobs.GetLinkedSizeAsync(name, layer, Cancel));
        Assert.True(report.BlobsRemoved >= 2, $"{report.BlobsRemoved} blobs removed");
        (await _puller.SkopeoCopyAsync($"{cache.Authority}/one/app:v1")).EnsureSuccess("skopeo copy one/app:v1 after the collection");
        Assert.Equal(2, _sites.Distribution.CountGets($"lib/app/blobs/{layer}"));
    }

    /// <summary>The image is in the cache's own store: its manifest in the repository, each blob linked (published once all readers are done).</summary>
    private async Task AssertStoredAsync(string repository, TestImage image)
    {
        var blobs = _cache.Services.GetRequiredService<IBlobIndex>();
        var name = Appliance.Core.Names.RepositoryName.Parse(repository);
        foreach (var blob in image.Blobs)
        {
            Assert.True(await Poll.HoldsWithinAsync(async () => await blobs.GetLinkedSizeAsync(name, Digest.Parse(blob.Digest), Cancel) == blob.Content.Length,
                TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(20), Cancel), $"{blob.Digest} is not linked into {repository}");
        }
        var manifest = await _cache.Services.GetRequiredService<IManifestIndex>().FindByDigestAsync(name, Digest.Parse(image.Digest), Cancel);
        Assert.Equal(image.Manifest.Content, manifest!.Content.ToArray());
    }
}
