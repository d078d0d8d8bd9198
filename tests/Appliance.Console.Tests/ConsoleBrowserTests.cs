using System.Text;
using Appliance.Core.Auth;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;

namespace Appliance.Console.Tests;

/// <summary>The console in headless Chromium against the real server (TLS and authentication on).</summary>
public sealed class ConsoleBrowserTests : IAsyncLifetime
{
    private const string InitPassword = ConsoleServer.InitPassword;
    private readonly TestDirectory _work = new("appliance-console");
    private readonly TestImage[] _platforms = [TestImages.Image(1, 4096, 51, architecture: "amd64"), TestImages.Image(1, 4096, 52, architecture: "arm64")];
    private TestIndex _index = null!;
    private RegistryServer _server = null!;
    private ConsoleBrowser _browser = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private string Host => $"localhost:{_server.BaseAddress.Port}";

    public async ValueTask InitializeAsync()
    {
        ConsoleBrowser.SkipUnlessInstalled();
        _server = await ConsoleServer.StartAsync();
        using var registry = ConsoleServer.AdminClient(_server);
        _index = TestImages.Index(_platforms);
        await registry.PushIndexAsync("mirror/multi", "latest", _index);
        await registry.PushImageAsync("mirror/plain", "v1", TestImages.Image(1, 2048, 53));
        await registry.PushImageAsync("mirror/plain", "v2", TestImages.Image(1, 2048, 54));
        var users = _server.Services.GetRequiredService<UserService>();
        await users.AddAsync("pusher", Role.Push, "pusher-password", Cancel);
        await users.AddAsync("puller", Role.Pull, "puller-password", Cancel);
        _browser = new ConsoleBrowser(_server);
    }

    public async ValueTask DisposeAsync()
    {
        _browser?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task An_admin_finds_a_multi_arch_image_adds_a_pull_user_whose_secret_works_and_collects_garbage()
    {
        _browser.Open("/");
        _browser.WaitFor("#login-user");
        _browser.Screenshot("login");
        _browser.LogIn("init", InitPassword);
        _browser.WaitForText("#count-repositories", "2");
        _browser.Screenshot("overview");

        _browser.Open("/repositories");
        _browser.WaitFor("#search").SendKeys("multi");
        _browser.WaitFor("#total", e => e.Text == "1 repositories");
        _browser.Screenshot("repositories");
        _browser.WaitFor("#repositories a", e => e.Text == "mirror/multi").Click();

        _browser.WaitFor($"tr[data-digest='{_index.Digest}'] button[data-copy='digest']").Click();
        _browser.WaitForText("#status", $"podman pull {Host}/mirror/multi@{_index.Digest}");
        _browser.Screenshot("repository");
        _browser.WaitFor($"tr[data-digest='{_index.Digest}'] a.digest").Click();
        _browser.WaitForText("#digest", _index.Digest);
        _browser.WaitFor("a[data-platform='linux/arm64']").Click();
        _browser.WaitForText("#digest", _platforms[1].Digest);
        _browser.WaitForText("#config", "arm64");
        _browser.Screenshot("manifest");
        _browser.Driver.Navigate().Back();
        _browser.WaitForText("#digest", _index.Digest);

        _browser.Open("/users");
        _browser.WaitFor("#new-user").SendKeys("cluster");
        _browser.WaitFor("#add-user").Click();
        var secret = _browser.WaitFor("#pull-secret").Text;
        Assert.Contains(Host, secret);
        _browser.WaitFor("td[data-last-login='cluster']", e => e.Text == "never");
        Assert.NotEqual("never", _browser.WaitFor("td[data-last-login='init']").Text);
        Assert.Matches(@"\d{1,2}:\d{2}", _browser.WaitFor("td[data-last-login='init']").Text);
        _browser.Screenshot("users");
        var authFile = _work.Combine("auth.json");
        await File.WriteAllTextAsync(authFile, secret, Cancel);
        var certDir = _work.Combine("certs");
        Directory.CreateDirectory(certDir);
        File.Copy(_server.CaCertificatePath, Path.Combine(certDir, "ca.crt"));
        var inspect = await ProcessRunner.RunAsync("skopeo", ["inspect", "--raw", "--authfile", authFile, "--cert-dir", certDir, $"docker://{Host}/mirror/multi:latest"]);
        inspect.EnsureSuccess("skopeo inspect with the downloaded pull secret");
        Assert.Contains(_platforms[1].Digest, inspect.StandardOutput);

        _browser.Open("/maintenance");
        _browser.WaitFor("#gc-dry-run").Click();
        _browser.WaitForText("#gc-report", "Would remove");
        _browser.WaitFor("#gc-run", e => e.Enabled).Click();
        Assert.Contains("garbage collection", _browser.Confirm());
        _browser.WaitFor("table tr", e => e.Text.Contains("init", StringComparison.Ordinal) && e.Text.Contains("blobs (", StringComparison.Ordinal));
        _browser.Screenshot("maintenance");

        _browser.Open("/audit");
        _browser.WaitFor("#audit-action").SendKeys("user.add\n");
        _browser.WaitFor("main td", e => e.Text == "user cluster with role pull, from the console");
        _browser.Screenshot("audit");
    }

    [Fact]
    public void A_push_user_deletes_a_tag_and_a_pull_user_may_not()
    {
        _browser.LogIn("pusher", "pusher-password");
        _browser.WaitFor("#count-repositories");
        _browser.Open("/repositories/mirror/plain");
        _browser.WaitFor("button[data-delete-tag='v1']").Click();
        Assert.Contains("mirror/plain:v1", _browser.Confirm());
        _browser.WaitUntil("tag v1 is gone", driver => driver.FindElements(By.CssSelector("button[data-delete-tag='v1']")).Count == 0);
        _browser.WaitFor("button[data-delete-tag='v2']");
        _browser.LogOut();

        _browser.LogIn("puller", "puller-password");
        _browser.WaitFor("#count-repositories");
        _browser.Open("/repositories/mirror/plain");
        _browser.WaitFor("main table", e => e.Text.Contains("v2", StringComparison.Ordinal));
        Assert.Empty(_browser.Driver.FindElements(By.CssSelector("button[data-delete-tag], button[data-delete-manifest]")));
        Assert.Equal(403, _browser.FetchStatus("DELETE", "/api/v1/tag?repository=mirror/plain&tag=v2"));
        Assert.Empty(_browser.Driver.FindElements(By.CssSelector("nav a[href='/users']")));
    }

    [Fact]
    public async Task A_pull_user_checks_a_release_and_an_admin_generates_the_cluster_configuration()
    {
        var components = TestReleases.Components(3, 55);
        var release = TestReleases.Release("4.99.1", components, 56);
        using (var registry = ConsoleServer.AdminClient(_server))
        {
            await registry.PushImageAsync("ocp4/openshift/release-images", "4.99.1-x86_64", release);
            foreach (var (_, image) in components.Skip(1)) await registry.PushImageAsync("ocp4/openshift/release", image.Digest, image);
        }

        _browser.LogIn("puller", "puller-password");
        _browser.WaitFor("#count-repositories");
        _browser.Open("/releases");
        _browser.WaitFor("#release-reference").SendKeys("ocp4/openshift/release-images:4.99.1-x86_64");
        _browser.WaitFor("#release-sources").SendKeys($"{TestReleases.ComponentSource}={Host}/ocp4/openshift/release");
        _browser.WaitFor("#release-check").Click();
        _browser.WaitForText("#release-summary", "Incomplete: 1 component");
        Assert.Contains(components[0].Name, _browser.WaitFor("tr.missing").Text);
        _browser.Screenshot("releases");
        Assert.Empty(_browser.Driver.FindElements(By.CssSelector("nav a[href='/cluster-config']")));
        _browser.LogOut();

        _browser.LogIn("init", InitPassword);
        _browser.WaitFor("#count-repositories");
        _browser.Open("/cluster-config");
        _browser.WaitFor("#cluster-generate").Click();
        Assert.Contains("kind: ImageDigestMirrorSet", _browser.WaitFor("pre[data-file='idms.yaml']").Text);
        Assert.Contains("/ocp4/openshift/release", _browser.WaitFor("pre[data-file='idms.yaml']").Text);
        _browser.Screenshot("cluster-config");
    }

    [Fact]
    public void An_admin_grants_a_namespace_and_adds_a_robot_whose_secret_is_shown_once_on_pages_that_fit_a_phone()
    {
        _browser.LogIn("init", InitPassword);
        _browser.WaitFor("#count-repositories");
        _browser.WaitFor("nav a[href='/access']").Click();
        _browser.WaitFor("#grant-principal").SendKeys("puller");
        _browser.WaitFor("#grant-namespace").SendKeys("mirror");
        _browser.WaitFor("#grant-permission option[value='push']").Click();
        _browser.WaitFor("#add-grant").Click();
        _browser.WaitFor("tr[data-grant='user:puller:mirror']", e => e.Text.Contains("push", StringComparison.Ordinal));
        _browser.WaitForText("#notice", "user puller now has push on mirror");
        _browser.WaitFor("#new-group");
        _browser.Screenshot("access");

        _browser.WaitFor("nav a[href='/robots']").Click();
        _browser.WaitFor("#robot-namespace").SendKeys("mirror");
        _browser.WaitFor("#robot-name").SendKeys("ci");
        _browser.WaitFor("#robot-description").SendKeys("pipeline pulls");
        _browser.WaitFor("#add-robot").Click();
        var secret = _browser.WaitFor("#secret-dialog #robot-secret").Text;
        Assert.Equal(64, secret.Length);
        var pullSecret = _browser.WaitFor("#secret-dialog #robot-pull-secret").Text;
        var auth = Convert.FromBase64String(System.Text.Json.JsonDocument.Parse(pullSecret).RootElement.GetProperty("auths").GetProperty(Host).GetProperty("auth").GetString()!);
        Assert.Equal($"mirror+ci:{secret}", Encoding.UTF8.GetString(auth));
        _browser.WaitFor("#copy-secret");
        _browser.Screenshot("robot-secret");
        _browser.WaitFor("#close-secret").Click();
        _browser.WaitUntil("the secret's dialog is closed", driver => driver.FindElements(By.CssSelector("#secret-dialog")).Count == 0);
        _browser.WaitFor("tr[data-robot='mirror+ci']", e => e.Text.Contains("pipeline pulls", StringComparison.Ordinal));
        Assert.DoesNotContain(secret, _browser.Driver.PageSource, StringComparison.Ordinal);

        _browser.WaitFor("button[data-rotate='mirror+ci']").Click();
        _browser.WaitFor("#rotate-grace").SendKeys("1h");
        _browser.WaitFor("#rotate-confirm").Click();
        var rotated = _browser.WaitFor("#secret-dialog #robot-secret").Text;
        Assert.Equal(64, rotated.Length);
        Assert.NotEqual(secret, rotated);
        _browser.WaitFor("#close-secret").Click();
        _browser.WaitFor("tr[data-robot='mirror+ci']", e => e.Text.Contains("previous secret valid until", StringComparison.Ordinal));

        _browser.Resize(390, 844);
        Assert.Equal(390, _browser.ViewportWidth());
        foreach (var (page, shown) in new[] { ("/users", "#add-user"), ("/access", "tr[data-grant='user:puller:mirror']"), ("/robots", "tr[data-robot='mirror+ci']") })
        {
            _browser.Open(page);
            _browser.WaitFor(shown);
            Assert.False(_browser.ScrollsSideways(), $"{page} scrolls sideways at 390 px");
        }
        _browser.Screenshot("robots-narrow");
    }

    [Fact]
    public void A_wrong_password_shows_an_error_and_the_sixth_try_the_throttle()
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            _browser.LogIn("init", $"wrong-password-{attempt}");
            _browser.WaitForText("#login-error", "wrong user name or password");
        }
        // At once, on the page that shows the 5th failure: the first wait after five failures is one second. A browser on a
        // loaded machine may be slower than that, and its try then counts as one more failure that doubles the wait: the
        // throttle must show by the eighth try at the latest (a wait of 4 s).
        var errors = new List<string>();
        for (var attempt = 6; attempt <= 8 && !errors.Any(e => e.Contains("too many failed logins", StringComparison.Ordinal)); attempt++)
        {
            errors.Add(_browser.RetryPasswordForError($"wrong-password-{attempt}"));
        }
        Assert.Contains("too many failed logins", errors[^1]);
        Assert.All(errors[..^1], error => Assert.Contains("wrong user name or password", error));
    }
}
