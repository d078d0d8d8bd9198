using System.Net.Http.Headers;
using System.Text;
using Appliance.Core.Audit;
using Appliance.Core.Names;
using Appliance.Core.Storage;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Console.Tests;

/// <summary>The retention page in headless Chromium against the real server: a policy set in the form, a dry run, then a run.</summary>
public sealed class RetentionBrowserTests : IAsyncLifetime
{
    private const string InitPassword = "init-password-for-retention";
    private RegistryServer _server = null!;
    private ConsoleBrowser _browser = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        ConsoleBrowser.SkipUnlessInstalled();
        _server = await RegistryServer.StartAsync("--tls:enabled", "true", "--auth:enabled", "true", "--auth:initPassword", InitPassword, "--auth:bcryptCost", "10");
        using var registry = _server.CreateRegistryClient();
        registry.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"init:{InitPassword}")));
        await registry.PushImageAsync("team/app", "old", TestImages.Image(1, 2048, 61));
        // Push times are kept to the second: "new" must be the more recent push.
        await Task.Delay(TimeSpan.FromSeconds(1.1), Cancel);
        await registry.PushImageAsync("team/app", "new", TestImages.Image(1, 2048, 62));
        _browser = new ConsoleBrowser(_server);
    }

    public async ValueTask DisposeAsync()
    {
        _browser?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_sets_a_policy_sees_the_dry_run_and_runs_it()
    {
        _browser.LogIn("init", InitPassword);
        _browser.WaitFor("#count-repositories");
        _browser.WaitFor("nav a[href='/retention']").Click();
        _browser.WaitFor("#no-policies");

        _browser.WaitFor("#retention-scope").SendKeys("team/app");
        _browser.WaitFor("#retention-rules").SendKeys("protect latest\nkeep-latest 1");
        _browser.WaitFor("#retention-save").Click();
        _browser.WaitForText("#notice", "Policy of team/app saved");
        _browser.WaitForText("tr[data-policy='team/app']", "2. keep-latest 1");

        _browser.WaitFor("#retention-dry-run").Click();
        _browser.WaitForText("#retention-summary", "Would remove 1 tags and 1 manifests");
        _browser.WaitForText("tr[data-removal='team/app:old']", "kept by none of rule 2");
        _browser.WaitForText("tr[data-kept='team/app:new']", "keep the 1 most recently pushed tags");
        _browser.Screenshot("retention");
        var manifests = _server.Services.GetRequiredService<IManifestIndex>();
        Assert.NotNull(await manifests.FindByTagAsync(RepositoryName.Parse("team/app"), "old", Cancel));

        _browser.WaitFor("#retention-run", e => e.Enabled).Click();
        Assert.Contains("Run retention now?", _browser.Confirm());
        _browser.WaitForText("#retention-summary", "Removed 1 tags and 1 manifests");

        Assert.Null(await manifests.FindByTagAsync(RepositoryName.Parse("team/app"), "old", Cancel));
        Assert.NotNull(await manifests.FindByTagAsync(RepositoryName.Parse("team/app"), "new", Cancel));
        var audit = await _server.Services.GetRequiredService<IAuditLog>().ListAsync(new AuditQuery(Action: AuditActions.RetentionRun), Cancel);
        Assert.Contains(audit, e => e.User == "init" && e.Detail!.StartsWith("1 tags, 1 manifests", StringComparison.Ordinal));
    }
}
