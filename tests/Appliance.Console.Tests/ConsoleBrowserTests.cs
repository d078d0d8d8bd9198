using System.Text;
using Appliance.Core.Auth;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;

namespace Appliance.Console.Tests;

/// <summary>The console in headless Chromium against the real server (TLS and authentication on).</summary>
public sealed class ConsoleBrowserTests : ConsoleTest
{
    private readonly TestDirectory _work = new("appliance-console");
    private readonly TestImage[] _platforms = [TestImages.Image(1, 4096, 51, architecture: "amd64"), TestImages.Image(1, 4096, 52, architecture: "arm64")];
    private TestIndex _index = null!;

    private string Host => $"localhost:{Server.BaseAddress.Port}";

    protected override async Task SeedAsync()
    {
        using var registry = ConsoleServer.AdminClient(Server);
        _index = TestImages.Index(_platforms);
        await registry.PushIndexAsync("mirror/multi", "latest", _index);
        await registry.PushImageAsync("mirror/plain", "v1", TestImages.Image(1, 2048, 53));
        await registry.PushImageAsync("mirror/plain", "v2", TestImages.Image(1, 2048, 54));
        var users = Server.Services.GetRequiredService<UserService>();
        await users.AddAsync("pusher", Role.Push, "pusher-password", Cancel);
        await users.AddAsync("puller", Role.Pull, "puller-password", Cancel);
    }

    protected override ValueTask StopPreparedAsync()
    {
        _work.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task An_admin_finds_a_multi_arch_image_adds_a_pull_user_whose_secret_works_and_collects_garbage()
    {
        Browser.Open("/");
        Browser.WaitFor("#login-user");
        Browser.Screenshot("login");
        Browser.LogIn("init", InitPassword);
        Browser.WaitForText("#count-repositories", "2");
        Browser.Screenshot("overview");

        Browser.Open("/repositories");
        Browser.WaitFor("#search").SendKeys("multi");
        Browser.WaitFor("#total", e => e.Text == "1 repositories");
        Browser.Screenshot("repositories");
        Browser.WaitFor("#repositories a", e => e.Text == "mirror/multi").Click();

        Browser.WaitFor($"tr[data-digest='{_index.Digest}'] button[data-copy='digest']").Click();
        Browser.WaitForText("#status", $"podman pull {Host}/mirror/multi@{_index.Digest}");
        Browser.Screenshot("repository");
        Browser.WaitFor($"tr[data-digest='{_index.Digest}'] a.digest").Click();
        Browser.WaitForText("#digest", _index.Digest);
        Browser.WaitFor("a[data-platform='linux/arm64']").Click();
        Browser.WaitForText("#digest", _platforms[1].Digest);
        Browser.WaitForText("#config", "arm64");
        Browser.Screenshot("manifest");
        Browser.Driver.Navigate().Back();
        Browser.WaitForText("#digest", _index.Digest);

        Browser.Open("/users");
        Browser.WaitFor("#new-user").SendKeys("cluster");
        Browser.WaitFor("#add-user").Click();
        var secret = Browser.WaitFor("#pull-secret").Text;
        Assert.Contains(Host, secret);
        Browser.WaitFor("td[data-last-login='cluster']", e => e.Text == "never");
        Assert.NotEqual("never", Browser.WaitFor("td[data-last-login='init']").Text);
        Assert.Matches(@"\d{1,2}:\d{2}", Browser.WaitFor("td[data-last-login='init']").Text);
        Browser.Screenshot("users");
        var authFile = _work.Combine("auth.json");
        await File.WriteAllTextAsync(authFile, secret, Cancel);
        var certDir = _work.Combine("certs");
        Directory.CreateDirectory(certDir);
        File.Copy(Server.CaCertificatePath, Path.Combine(certDir, "ca.crt"));
        var inspect = await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", "--authfile", authFile, "--cert-dir", certDir, $"docker://{Host}/mirror/multi:latest"]);
        inspect.EnsureSuccess("skopeo inspect with the downloaded pull secret");
        Assert.Contains(_platforms[1].Digest, inspect.StandardOutput);

        Browser.Open("/maintenance");
        Browser.WaitFor("#gc-dry-run").Click();
        Browser.WaitForText("#gc-report", "Would remove");
        Browser.WaitFor("#gc-run", e => e.Enabled).Click();
        Assert.Contains("garbage collection", Browser.Confirm());
        Browser.WaitFor("table tr", e => e.Text.Contains("init", StringComparison.Ordinal) && e.Text.Contains("blobs (", StringComparison.Ordinal));
        Browser.Screenshot("maintenance");

        Browser.Open("/audit");
        Browser.WaitFor("#audit-action").SendKeys("user.add\n");
        Browser.WaitFor("main td", e => e.Text == "user cluster with role pull, from the console");
        Browser.Screenshot("audit");
    }

    [Fact]
    public void A_push_user_deletes_a_tag_and_a_pull_user_may_not()
    {
        Browser.LogIn("pusher", "pusher-password");
        Browser.WaitFor("#count-repositories");
        Browser.Open("/repositories/mirror/plain");
        Browser.WaitFor("button[data-delete-tag='v1']").Click();
        Assert.Contains("mirror/plain:v1", Browser.Confirm());
        Browser.WaitUntil("tag v1 is gone", driver => driver.FindElements(By.CssSelector("button[data-delete-tag='v1']")).Count == 0);
        Browser.WaitFor("button[data-delete-tag='v2']");
        Browser.LogOut();

        Browser.LogIn("puller", "puller-password");
        Browser.WaitFor("#count-repositories");
        Browser.Open("/repositories/mirror/plain");
        Browser.WaitFor("main table", e => e.Text.Contains("v2", StringComparison.Ordinal));
        Assert.Empty(Browser.Driver.FindElements(By.CssSelector("button[data-delete-tag], button[data-delete-manifest]")));
        Assert.Equal(403, Browser.FetchStatus("DELETE", "/api/v1/tag?repository=mirror/plain&tag=v2"));
        Assert.Empty(Browser.Driver.FindElements(By.CssSelector("nav a[href='/users']")));
    }

    [Fact]
    public async Task A_pull_user_checks_a_release_and_an_admin_generates_the_cluster_configuration()
    {
        var components = TestReleases.Components(3, 55);
        var release = TestReleases.Release("4.99.1", components, 56);
        using (var registry = ConsoleServer.AdminClient(Server))
        {
            await registry.PushImageAsync("ocp4/openshift/release-images", "4.99.1-x86_64", release);
            foreach (var (_, image) in components.Skip(1)) await registry.PushImageAsync("ocp4/openshift/release", image.Digest, image);
        }

        Browser.LogIn("puller", "puller-password");
        Browser.WaitFor("#count-repositories");
        Browser.Open("/releases");
        Browser.WaitFor("#release-reference").SendKeys("ocp4/openshift/release-images:4.99.1-x86_64");
        Browser.WaitFor("#release-sources").SendKeys($"{TestReleases.ComponentSource}={Host}/ocp4/openshift/release");
        Browser.WaitFor("#release-check").Click();
        Browser.WaitForText("#release-summary", "Incomplete: 1 component");
        Assert.Contains(components[0].Name, Browser.WaitFor("tr.missing").Text);
        Browser.Screenshot("releases");
        Assert.Empty(Browser.Driver.FindElements(By.CssSelector("nav a[href='/cluster-config']")));
        Browser.LogOut();

        Browser.LogIn("init", InitPassword);
        Browser.WaitFor("#count-repositories");
        Browser.Open("/cluster-config");
        Browser.WaitFor("#cluster-generate").Click();
        Assert.Contains("kind: ImageDigestMirrorSet", Browser.WaitFor("pre[data-file='idms.yaml']").Text);
        Assert.Contains("/ocp4/openshift/release", Browser.WaitFor("pre[data-file='idms.yaml']").Text);
        Browser.Screenshot("cluster-config");
    }

    [Fact]
    public void An_admin_grants_a_namespace_and_adds_a_robot_whose_secret_is_shown_once_on_pages_that_fit_a_phone()
    {
        Browser.LogIn("init", InitPassword);
        Browser.WaitFor("#count-repositories");
        Browser.WaitFor("nav a[href='/access']").Click();
        Browser.WaitFor("#grant-principal").SendKeys("puller");
        Browser.WaitFor("#grant-namespace").SendKeys("mirror");
        Browser.WaitFor("#grant-permission option[value='push']").Click();
        Browser.WaitFor("#add-grant").Click();
        Browser.WaitFor("tr[data-grant='user:puller:mirror']", e => e.Text.Contains("push", StringComparison.Ordinal));
        Browser.WaitForText("#notice", "user puller now has push on mirror");
        Browser.WaitFor("#new-group");
        Browser.Screenshot("access");

        Browser.WaitFor("nav a[href='/robots']").Click();
        Browser.WaitFor("#robot-namespace").SendKeys("mirror");
        Browser.WaitFor("#robot-name").SendKeys("ci");
        Browser.WaitFor("#robot-description").SendKeys("pipeline pulls");
        Browser.WaitFor("#add-robot").Click();
        var secret = Browser.WaitFor("#secret-dialog #robot-secret").Text;
        Assert.Equal(64, secret.Length);
        var pullSecret = Browser.WaitFor("#secret-dialog #robot-pull-secret").Text;
        var auth = Convert.FromBase64String(System.Text.Json.JsonDocument.Parse(pullSecret).RootElement.GetProperty("auths").GetProperty(Host).GetProperty("auth").GetString()!);
        Assert.Equal($"mirror+ci:{secret}", Encoding.UTF8.GetString(auth));
        Browser.WaitFor("#copy-secret");
        Browser.Screenshot("robot-secret");
        Browser.WaitFor("#close-secret").Click();
        Browser.WaitUntil("the secret's dialog is closed", driver => driver.FindElements(By.CssSelector("#secret-dialog")).Count == 0);
        Browser.WaitFor("tr[data-robot='mirror+ci']", e => e.Text.Contains("pipeline pulls", StringComparison.Ordinal));
        Assert.DoesNotContain(secret, Browser.Driver.PageSource, StringComparison.Ordinal);

        Browser.WaitFor("button[data-rotate='mirror+ci']").Click();
        Browser.WaitFor("#rotate-grace").SendKeys("1h");
        Browser.WaitFor("#rotate-confirm").Click();
        var rotated = Browser.WaitFor("#secret-dialog #robot-secret").Text;
        Assert.Equal(64, rotated.Length);
        Assert.NotEqual(secret, rotated);
        Browser.WaitFor("#close-secret").Click();
        Browser.WaitFor("tr[data-robot='mirror+ci']", e => e.Text.Contains("previous secret valid until", StringComparison.Ordinal));

        Browser.Resize(390, 844);
        Assert.Equal(390, Browser.ViewportWidth());
        foreach (var (page, shown) in new[] { ("/users", "#add-user"), ("/access", "tr[data-grant='user:puller:mirror']"), ("/robots", "tr[data-robot='mirror+ci']") })
        {
            Browser.Open(page);
            Browser.WaitFor(shown);
            Assert.False(Browser.ScrollsSideways(), $"{page} scrolls sideways at 390 px");
        }
        Browser.Screenshot("robots-narrow");
    }

    [Fact]
    public void A_wrong_password_shows_an_error_and_the_sixth_try_the_throttle()
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            Browser.LogIn("init", $"wrong-password-{attempt}");
            Browser.WaitForText("#login-error", "wrong user name or password");
        }
        // At once, on the page that shows the 5th failure: the first wait after five failures is one second. A browser on a
        // loaded machine may be slower than that, and its try then counts as one more failure that doubles the wait: the
        // throttle must show by the eighth try at the latest (a wait of 4 s).
        var errors = new List<string>();
        for (var attempt = 6; attempt <= 8 && !errors.Any(e => e.Contains("too many failed logins", StringComparison.Ordinal)); attempt++)
        {
            errors.Add(Browser.RetryPasswordForError($"wrong-password-{attempt}"));
        }
        Assert.Contains("too many failed logins", errors[^1]);
        Assert.All(errors[..^1], error => Assert.Contains("wrong user name or password", error));
    }
}
