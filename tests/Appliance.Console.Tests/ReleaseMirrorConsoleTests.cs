using Appliance.Core.Upstreams;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Console.Tests;

/// <summary>The Releases page's Mirror and Fill for an admin, with a distribution registry on loopback as the upstream, and the sync jobs list.</summary>
public sealed class ReleaseMirrorConsoleTests : ConsoleTest
{
    private readonly TestDirectory _work = new("appliance-console-mirror");
    private DistributionServer _upstream = null!;

    protected override async Task<string[]> PrepareAsync()
    {
        _upstream = await DistributionServer.StartAsync(_work.Combine("upstream"));
        return ["--upstreams:mappings:0", $"{_upstream.Authority}/lib=mirror", "--upstreams:hosts:0:host", _upstream.Authority,
            "--upstreams:hosts:0:plainHttp", "true"];
    }

    protected override async ValueTask StopPreparedAsync()
    {
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
        await Server.Services.GetRequiredService<ISyncJobStore>().AddAsync(
            new SyncJob("nightly", ["mirror/app"], "v.*", null, [], TimeSpan.FromHours(1), DateTimeOffset.UtcNow), Cancel);

        Browser.LogIn("init", InitPassword);
        Browser.WaitFor("#count-repositories");
        Browser.Open("/releases");
        Browser.WaitForText("#sync-jobs", "nightly");
        Assert.Contains("never", Browser.WaitFor("#sync-jobs").Text);
        Browser.WaitFor("#release-reference").SendKeys($"{_upstream.Authority}/lib/release:4.99.2");
        Browser.WaitFor("#release-mirror").Click();
        Browser.WaitForText("#release-mirror-summary", "3 of 3 component(s) copied; the release is complete.");
        Browser.Screenshot("release-mirror");
        Browser.WaitFor("#release-fill").Click();
        Browser.WaitForText("#release-mirror-summary", "0 of 0 component(s) copied; the release is complete.");
    }
}
