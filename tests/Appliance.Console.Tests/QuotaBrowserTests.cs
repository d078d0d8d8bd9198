using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Appliance.Core.Auth;
using Appliance.Core.Configuration;
using Appliance.Core.Quotas;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Console.Tests;

/// <summary>Quotas in headless Chromium: the warning banner, the quotas page with its gauges and form, a rejection as a pusher meets it.</summary>
public sealed class QuotaBrowserTests : ConsoleTest
{
    private const string PusherPassword = "pusher-password";
    private long _used;

    protected override async Task SeedAsync()
    {
        using var registry = Client("init", InitPassword);
        var image = TestImages.Image(2, 40 * 1024, 61);
        await registry.PushImageAsync("team/app", "v1", image);
        await registry.PushImageAsync("team/copy", "v1", image);
        _used = image.Blobs.Sum(b => (long)b.Content.Length);
        await Server.Services.GetRequiredService<UserService>().AddAsync("pusher", Role.Push, PusherPassword, Cancel);
        // 90 % of the limit: above the default warning level (80 %), below the reject level (100 %).
        await Server.Services.GetRequiredService<QuotaService>().SetAsync("team", new Quota(_used * 10 / 9), Cancel);
    }

    [Fact]
    public async Task A_namespace_above_its_warning_level_shows_a_banner_and_at_its_limit_a_pusher_is_refused_and_told_why()
    {
        Browser.LogIn("init", InitPassword);
        // The blob both repositories share counts once: 90 %, not 180 %.
        var banner = Browser.WaitForText("#quota-banner [data-banner-namespace='team']", "team uses");
        Assert.Contains("(90%)", banner.Text);
        Browser.Open("/quotas");
        Browser.WaitForText("tr[data-quota='team']", "Warning");
        Browser.WaitFor("tr[data-quota='team'] svg.gauge rect[data-gauge-fill='warning']");
        Browser.Screenshot("quotas");

        // The admin lowers the limit below the use with the form: the namespace now refuses pushes.
        Browser.WaitFor("#quota-namespace").SendKeys("team");
        var limit = Browser.WaitFor("#quota-limit");
        limit.SendKeys("64KiB");
        Browser.WaitFor("#set-quota").Click();
        Browser.WaitForText("#notice", "Quota of namespace team set.");
        Browser.WaitForText("tr[data-quota='team']", "Pushes refused");
        Browser.WaitFor("tr[data-quota='team'] svg.gauge rect[data-gauge-fill='rejecting']");

        // A pusher's push is refused with the spec error naming the namespace, its use and its limit ...
        using var pusher = Client("pusher", PusherPassword);
        using var response = await pusher.Http.PostAsync("/v2/team/new/blobs/uploads/", null, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("\"code\":\"DENIED\"", error);
        Assert.Contains($"namespace team is over its quota: it uses {ByteSizes.Format(_used)} of its 64KiB limit", error);
        // ... and pulls keep working.
        using var pull = await pusher.Http.GetAsync("/v2/team/app/manifests/v1", Cancel);
        Assert.Equal(HttpStatusCode.OK, pull.StatusCode);

        // The pusher sees in the console why, on every page, and at 390 px wide too.
        Browser.LogOut();
        Browser.LogIn("pusher", PusherPassword);
        Browser.WaitForText("#quota-banner.rejecting [data-banner-namespace='team']", "Pushes to team are refused");
        Browser.Open("/quotas");
        Browser.WaitForText("tr[data-quota='team']", "Pushes refused");
        Assert.Empty(Browser.Driver.FindElements(OpenQA.Selenium.By.CssSelector("#quota-form")));
        Assert.DoesNotContain("null", Browser.WaitFor("#page").Text);
        Browser.Resize(390, 844);
        Browser.WaitForText("tr[data-quota='team']", "Pushes refused");
        Assert.False(Browser.ScrollsSideways());
        Browser.Screenshot("quotas-narrow");
        Assert.Equal(403, Browser.FetchStatus("DELETE", "/api/v1/quotas/team"));

        // The admin removes the quota: the banner goes.
        Browser.Resize(1280, 900);
        Browser.LogOut();
        Browser.LogIn("init", InitPassword);
        Browser.Open("/quotas");
        Browser.WaitFor("button[data-clear-quota='team']").Click();
        Assert.Contains("team", Browser.Confirm());
        Browser.WaitFor("#no-quotas");
        Browser.WaitUntil("the banner to go", driver => !driver.FindElement(OpenQA.Selenium.By.Id("quota-banner")).Displayed);
    }

    private RegistryHttpClient Client(string user, string password)
    {
        var client = Server.CreateRegistryClient();
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }
}
