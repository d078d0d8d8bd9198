using Appliance.Core.Content;
using Appliance.Core.Names;
using Appliance.Core.Upstreams;
using Appliance.Registry.Auth;
using Appliance.Testing;
using Appliance.Upstream;

namespace Appliance.Registry.Tests.Upstreams;

/// <summary>The upstream client against upstream 1 (distribution, TLS, htpasswd) and upstream 2 (this registry, TLS, token auth).</summary>
public sealed class UpstreamClientTests : IAsyncLifetime
{
    private readonly TestImage _image = TestImages.Image(2, 64 * 1024, 2601);
    private UpstreamSites _sites = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _sites = await UpstreamSites.StartAsync();

    public async ValueTask DisposeAsync() => await _sites.DisposeAsync();

    [Fact]
    public async Task Both_upstreams_serve_manifests_blobs_and_tags_with_their_own_authentication()
    {
        using (var pusher = _sites.Distribution.CreateClient()) await pusher.PushImageAsync("lib/app", "v1", _image);
        using (var pusher = _sites.CreateRegistryPusher()) await pusher.PushImageAsync("lib/app", "v1", _image);
        using var upstreams = new HttpUpstreams(_sites.Options(), TimeProvider.System);
        var requests = new RequestLog(_sites.Registry);

        foreach (var local in new[] { "one/app", "two/app" })
        {
            var upstream = upstreams.Resolve(RepositoryName.Parse(local))!;
            Assert.Equal("lib/app", upstream.Repository);
            Assert.Empty(await upstream.Registry.CheckAsync(Cancel));

            var byTag = await upstream.Registry.GetManifestAsync(upstream.Repository, ManifestReference.ForTag("v1"), Cancel);
            Assert.Equal(_image.Digest, byTag!.Digest.ToString());
            Assert.Equal(_image.Manifest.Content, byTag.Content);
            Assert.Equal(TestImages.OciManifest, byTag.MediaType);
            var byDigest = await upstream.Registry.GetManifestAsync(upstream.Repository, ManifestReference.ForDigest(byTag.Digest), Cancel);
            Assert.Equal(byTag.Content, byDigest!.Content);
            var head = await upstream.Registry.HeadManifestAsync(upstream.Repository, ManifestReference.ForTag("v1"), Cancel);
            Assert.Equal(byTag.Digest, head!.Digest);

            var layer = _image.Layers[0];
            await using (var blob = await upstream.Registry.OpenBlobAsync(upstream.Repository, Digest.Parse(layer.Digest), Cancel))
            {
                var copy = new MemoryStream();
                await blob!.Content.CopyToAsync(copy, Cancel);
                Assert.Equal(layer.Content, copy.ToArray());
                Assert.Equal(layer.Content.Length, blob.Length);
            }
            Assert.Equal(["v1"], await upstream.Registry.ListTagsAsync(upstream.Repository, Cancel));
            Assert.Null(await upstream.Registry.GetManifestAsync(upstream.Repository, ManifestReference.ForTag("absent"), Cancel));
            Assert.Null(await upstream.Registry.OpenBlobAsync(upstream.Repository, Digest.Sha256("absent"u8), Cancel));
        }
        // Upstream 2 was asked through the token flow: one token for its root (the check), one for the repository, reused.
        Assert.Equal(2, requests.Requests.Count(r => r.Path == "/v2/auth" && r.StatusCode == 200));
        // What the console's Upstreams page shows as each one's authentication.
        Assert.Equal([UpstreamAuthentication.Basic, UpstreamAuthentication.Token],
            new[] { "one/app", "two/app" }.Select(local => upstreams.Resolve(RepositoryName.Parse(local))!.Registry.Authentication));
        Assert.Null(upstreams.Resolve(RepositoryName.Parse("elsewhere/app")));
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_and_named_without_the_password()
    {
        var wrong = _sites.Directory.Combine("wrong-secret.json");
        await File.WriteAllTextAsync(wrong, _sites.PullSecret(new BasicCredentials("puller", "not-the-password")), Cancel);
        var options = _sites.Options();
        options.PullSecretFile = wrong;
        using var upstreams = new HttpUpstreams(options, TimeProvider.System);
        var registry = upstreams.Registry(_sites.Distribution.Authority)!;

        var problem = Assert.Single(await registry.CheckAsync(Cancel));
        Assert.Contains($"upstream {_sites.Distribution.Authority} refused the credentials of puller", problem);
        Assert.DoesNotContain("not-the-password", problem);
        var error = await Assert.ThrowsAsync<UpstreamException>(() => registry.GetManifestAsync("lib/app", ManifestReference.ForTag("v1"), Cancel));
        Assert.Equal(UpstreamFailure.Unauthorized, error.Failure);

        options.PullSecretFile = null;
        using var anonymous = new HttpUpstreams(options, TimeProvider.System);
        Assert.Contains("wants credentials and the pull secret has none", Assert.Single(await anonymous.Registry(_sites.Registry.Authority)!.CheckAsync(Cancel)));
    }

    [Fact]
    public async Task A_certificate_from_an_untrusted_ca_is_refused_and_named()
    {
        var options = _sites.Options();
        options.Hosts.RemoveAll(h => h.Host == _sites.Distribution.Authority);
        using var upstreams = new HttpUpstreams(options, TimeProvider.System);
        var registry = upstreams.Registry(_sites.Distribution.Authority)!;
        var problem = Assert.Single(await registry.CheckAsync(Cancel));
        Assert.Contains($"upstream {_sites.Distribution.Authority}: TLS failed", problem);
        var error = await Assert.ThrowsAsync<UpstreamException>(() => registry.GetManifestAsync("lib/app", ManifestReference.ForTag("v1"), Cancel));
        Assert.Equal(UpstreamFailure.Certificate, error.Failure);
    }

    [Fact]
    public async Task A_stopped_upstream_is_reported_unreachable()
    {
        await _sites.Distribution.StopAsync();
        using var upstreams = new HttpUpstreams(_sites.Options(), TimeProvider.System);
        var problem = Assert.Single(await upstreams.Registry(_sites.Distribution.Authority)!.CheckAsync(Cancel));
        Assert.Contains($"upstream {_sites.Distribution.Authority} is unreachable", problem);
    }

    [Fact]
    public async Task Upstreams_test_prints_one_line_per_problem_and_fails_on_any()
    {
        using var data = new TestDirectory("upstreams-test");
        var commands = new RegistryCommands(data.Path);
        var good = await commands.RunAsync(["upstreams", "test", .. _sites.Arguments()]);
        Assert.Contains($"{_sites.Distribution.Authority}: ok", good.StandardOutput);
        Assert.Contains($"{_sites.Registry.Authority}: ok", good.StandardOutput);

        var wrong = _sites.Directory.Combine("wrong-secret.json");
        await File.WriteAllTextAsync(wrong, _sites.PullSecret(new BasicCredentials("puller", "not-the-password")), Cancel);
        var bad = await commands.FailAsync(["upstreams", "test", .. _sites.Arguments(wrong)]);
        var problem = Assert.Single(bad.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"upstream {_sites.Distribution.Authority} refused the credentials of puller", problem);
        Assert.DoesNotContain("not-the-password", bad.All);
    }
}
