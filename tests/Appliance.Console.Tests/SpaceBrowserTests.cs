using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Core.Quotas;
using Appliance.Core.Usage;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;

namespace Appliance.Console.Tests;

/// <summary>Where the space goes (overview charts, namespace page), the releases list, and every page at desktop and phone widths.</summary>
public sealed class SpaceBrowserTests : ConsoleTest
{

    protected override async Task SeedAsync() =>
        await Server.Services.GetRequiredService<UserService>().AddAsync("puller", Role.Pull, "puller-password", Cancel);

    private RegistryHttpClient Registry() => ConsoleServer.AdminClient(Server);

    [Fact]
    public async Task The_overview_charts_stored_bytes_and_the_largest_namespaces_which_lead_to_a_namespace_page()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var history = Server.Services.GetRequiredService<IUsageHistory>();
        // The recorder wrote today's row at start, the registry then empty.
        await Poll.UntilAsync("today's row", async () => (await history.ListAsync(today, Cancel)).Count == 1, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), Cancel);
        Assert.Equal([new UsageDay(today, 0, 0)], await history.ListAsync(today, Cancel));
        for (var day = 1; day <= 4; day++) await history.RecordAsync(new UsageDay(today.AddDays(-day), 1_000_000 * (5 - day), 600_000 * (5 - day)), Cancel);
        var shared = TestImages.Layer(30_000, 90);
        using (var registry = Registry())
        {
            await registry.PushImageAsync("mirror/first", "v1", TestImages.Image(1, 50_000, 91, sharedLayers: [shared]));
            await registry.PushImageAsync("mirror/second", "v1", TestImages.Image(1, 20_000, 92, sharedLayers: [shared]));
            await registry.PushImageAsync("team/app", "v1", TestImages.Image(1, 5_000, 93));
        }
        await Server.Services.GetRequiredService<UserService>().AddAsync("reader", Role.None, "reader-password", Cancel);
        await Server.Services.GetRequiredService<GrantService>().SetAsync(new Grant(PrincipalKind.User, "reader", "mirror", NamespacePermission.Pull), Cancel);
        await Server.Services.GetRequiredService<RobotService>().AddAsync("mirror", "ci", "pipeline pulls", null, null, Cancel);

        Browser.LogIn("init", InitPassword);
        var line = Browser.WaitFor("#usage-history svg path.line.unique").GetAttribute("d")!;
        Assert.Equal(5, line.Count(c => c is 'M' or 'L'));
        Browser.WaitForText("#deduplication", "saved");
        Assert.Equal(["mirror", "team"], Browser.Driver.FindElements(By.CssSelector("#largest-namespaces li")).Select(e => e.GetAttribute("data-name")));
        Assert.Equal("mirror/first", Browser.WaitFor("#largest-repositories li").GetAttribute("data-name"));
        // No quota endpoint (or none set): no gauges.
        Assert.Empty(Browser.Driver.FindElements(By.CssSelector("#quota-use")));

        Browser.WaitFor("#largest-namespaces a", e => e.Text == "mirror").Click();
        Browser.WaitForText("#namespace-summary", "2 repositories");
        Assert.Equal(["mirror/first", "mirror/second"], Browser.Driver.FindElements(By.CssSelector("#namespace-repositories li")).Select(e => e.GetAttribute("data-name")));
        Browser.WaitForText("#namespace-grants", "reader");
        Browser.WaitFor("#namespace-robots tr[data-robot='mirror+ci']");
        // The quota and retention pages' sections for this namespace.
        Browser.WaitForText("#namespace-quota [data-quota-section='mirror']", "Quota");
        Browser.WaitFor("#namespace-retention #namespace-retention-policies");

        // With a quota set, the overview draws its use as a gauge.
        await Server.Services.GetRequiredService<QuotaService>().SetAsync("mirror", new Quota(1_000_000), Cancel);
        Browser.Open("/");
        Assert.Contains("% of its quota", Browser.WaitFor("#quota-use figure.gauge[data-namespace='mirror'] svg").GetAttribute("aria-label"));

        Browser.Open("/repositories");
        Browser.WaitFor("#repositories a[data-namespace='team']").Click();
        Browser.WaitForText("#namespace-summary", "1 repositories");
        Browser.LogOut();

        // A user with pull on the namespace reads it but not its grants and robots; a namespace it may not read is not found.
        Browser.LogIn("reader", "reader-password");
        Browser.WaitFor("#count-repositories");
        Browser.Open("/namespaces/mirror");
        Browser.WaitForText("#namespace-grants", "admins of mirror see its grants");
        Assert.Equal(404, Browser.FetchStatus("GET", "/api/v1/namespaces/team"));
    }

    [Fact]
    public async Task The_releases_list_shows_a_complete_release_and_an_incomplete_one_whose_missing_components_it_names()
    {
        var components = TestReleases.Components(4, 60);
        using (var registry = Registry())
        {
            foreach (var (_, image) in components) await registry.PushImageAsync("ocp4/openshift/release", image.Digest, image);
            await registry.PushImageAsync("ocp4/openshift/release-images", "4.99.1-x86_64", TestReleases.Release("4.99.1", components, 61));
            await registry.PushImageAsync("ocp4/openshift/release-images", "4.99.2-aarch64",
                TestReleases.Release("4.99.2", [.. components, ("added-in-4.99.2", TestImages.Image(1, 256, 62))], 63, architecture: "arm64"));
            await registry.PushImageAsync("ocp4/openshift/release-images", "not-a-release", TestImages.Image(1, 256, 64));
        }
        var complete = TestReleases.Release("4.99.1", components, 61).Digest;

        Browser.LogIn("puller", "puller-password");
        Browser.WaitFor("#count-repositories");
        Browser.Open("/releases");
        Browser.WaitUntil("two releases listed", driver => driver.FindElements(By.CssSelector("#release-list tr[data-release]")).Count == 2);
        var first = Browser.WaitFor($"tr[data-release='ocp4/openshift/release-images@{complete}']");
        Assert.Contains("4.99.1", first.Text);
        Assert.Contains("amd64", first.Text);
        Assert.Contains("complete (4 components)", first.Text);
        var second = Browser.WaitFor("#release-list tr.incomplete");
        Assert.Contains("4.99.2", second.Text);
        Assert.Contains("arm64", second.Text);
        Assert.Contains("1 of 5 components missing", second.Text);

        second.FindElement(By.CssSelector("a[data-missing]")).Click();
        Browser.WaitForText("#release-summary", "Incomplete: 1 component");
        Assert.Contains("added-in-4.99.2", Browser.WaitFor("tr.missing").Text);

        // The missing component arrives: the list shows the release complete after the push.
        using (var registry = Registry()) await registry.PushImageAsync("ocp4/openshift/release", TestImages.Image(1, 256, 62).Digest, TestImages.Image(1, 256, 62));
        Browser.Open("/releases");
        Browser.WaitFor("#release-list tr[data-release]");
        Assert.Empty(Browser.Driver.FindElements(By.CssSelector("#release-list tr.incomplete")));
    }

    [Fact]
    public async Task Every_page_lays_its_forms_out_label_above_field_and_fits_1280_and_390_pixels()
    {
        using (var registry = Registry())
        {
            await registry.PushImageAsync("a-rather-long-namespace-name/with-a-long-repository-name/and-a-deeper-path", "v1", TestImages.Image(1, 2048, 70));
        }
        Browser.LogIn("init", InitPassword);
        Browser.WaitFor("#count-repositories");
        var pages = new[]
        {
            ("/", "#usage-history svg"), ("/repositories", "#repositories"), ("/namespaces/a-rather-long-namespace-name", "#namespace-repositories"),
            ("/repositories/a-rather-long-namespace-name/with-a-long-repository-name/and-a-deeper-path", "#namespace-link"), ("/releases", "#release-check"),
            ("/cluster-config", "#cluster-generate"), ("/users", "#add-user"), ("/access", "#add-grant"), ("/robots", "#add-robot"),
            ("/maintenance", "#verify"), ("/audit", "#audit-user"), ("/upstreams", "#upstream-list"),
        };
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            Browser.Resize(width, height);
            foreach (var (page, shown) in pages)
            {
                Browser.Open(page);
                Browser.WaitFor(shown);
                Assert.False(Browser.ScrollsSideways(), $"{page} scrolls sideways at {width} px");
                Assert.Equal("", Browser.FieldsNotLabelledAbove());
            }
        }
        Browser.Open("/login");
        Browser.WaitFor("#login-user");
        Assert.Equal("", Browser.FieldsNotLabelledAbove());
    }

    [Fact]
    public async Task Screenshots_of_a_registry_that_looks_like_a_real_mirror()
    {
        using (var registry = Registry()) await MirrorContent.FillAsync(registry, Server, Cancel);
        await Server.Services.GetRequiredService<GrantService>().SetAsync(new Grant(PrincipalKind.Group, "ocp-admins", "ocp4", NamespacePermission.Admin), Cancel);
        await Server.Services.GetRequiredService<GrantService>().SetAsync(new Grant(PrincipalKind.User, "puller", "ocp4", NamespacePermission.Pull), Cancel);
        await Server.Services.GetRequiredService<RobotService>().AddAsync("ocp4", "prod_cluster", "cluster prod-1 pulls", null, null, Cancel);

        Browser.LogIn("init", InitPassword);
        Browser.WaitFor("#largest-namespaces li");
        Browser.Resize(1280, 1500);
        Browser.WaitFor("#usage-history svg");
        Browser.Screenshot("overview");
        Browser.Open("/namespaces/ocp4");
        Browser.WaitFor("#namespace-robots tr");
        Browser.Screenshot("namespace");
        Browser.Open("/repositories?sort=size");
        Browser.WaitFor("#repositories a");
        Browser.Screenshot("repositories");
        Browser.Open("/releases");
        Browser.WaitFor("#release-list tr.incomplete");
        Assert.Contains("complete (184 components)", Browser.WaitFor("#release-list tr.complete").Text);
        Browser.Screenshot("releases");
        Browser.Resize(390, 1400);
        Browser.Open("/");
        Browser.WaitFor("#usage-history svg");
        Browser.Screenshot("overview-narrow");
    }
}
