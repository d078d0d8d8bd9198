using Appliance.Core.Upstreams;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Console.Tests;

/// <summary>The Releases page's Mirror and Fill for an admin, with a distribution registry on loopback as the upstream, and the sync jobs list.</summary>
public sealed class ReleaseMirrorConsoleTests : IAsyncLifetime
{
    private const string InitPassword = "init-password-for-mirror-console";
    private readonly TestDirectory _work = new("appliance-console-mirror");
    private DistributionServer _upstream = null!;
    private RegistryServer _server = null!;
    private ConsoleBrowser _browser = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        ConsoleBrowser.SkipUnlessInstalled();
        _upstream = await DistributionServer.StartAsync(_work.Combine("upstream"));
        _server = await RegistryServer.StartAsync("--tls:enabled", "true", "--auth:enabled", "true", "--auth:initPassword", InitPassword,
            "--auth:bcryptCost", "10", "--upstreams:mappings:0", $"{_upstream.Authority}/lib=mirror",
            "--upstreams:hosts:0:host", _upstream.Authority, "--upstreams:hosts:0:plainHttp", "true");
        _browser = new ConsoleBrowser(_server);
    }

    public async ValueTask DisposeAsync()
    {
        _browser?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        if (_upstream is not null) await _upstream.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task An_admin_mirrors_a_release_from_the_upstream_and_sees_the_sync_jobs()
    {
        var components = TestReleases.Components(3, 57);
        using (var pusher = _upstream.CreateClient())
        {
            foreach (var (_, image) in components) await pusher.PushImageAsync("lib/art", image.Digest, image);
            await pusher.PushImageAsync("lib/release", "4.99.2", TestReleases.Release("4.99.2", components, 57, componentSource: $"{_upstream.Authority}/lib/art"));
        }
        await _server.Services.GetRequiredService<ISyncJobStore>().AddAsync(
            new SyncJob("nightly", ["mirror/app"], "v.*", null, [], TimeSpan.FromHours(1), DateTimeOffset.UtcNow), Cancel);

        _browser.LogIn("init", InitPassword);
        _browser.WaitFor("#count-repositories");
        _browser.Open("/releases");
        _browser.WaitForText("#sync-jobs", "nightly");
        Assert.Contains("never", _browser.WaitFor("#sync-jobs").Text);
        _browser.WaitFor("#release-reference").SendKeys($"{_upstream.Authority}/lib/release:4.99.2");
        _browser.WaitFor("#release-mirror").Click();
        _browser.WaitForText("#release-mirror-summary", "3 of 3 component(s) copied; the release is complete.");
        _browser.Screenshot("release-mirror");
        _browser.WaitFor("#release-fill").Click();
        _browser.WaitForText("#release-mirror-summary", "0 of 0 component(s) copied; the release is complete.");
    }
}
