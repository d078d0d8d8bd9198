using System.Net.Http.Headers;
using System.Text;
using Appliance.Core.Audit;
using Appliance.Core.Names;
using Appliance.Core.Storage;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Console.Tests;

/// <summary>The retention page in headless Chromium against the real server: a policy set in the form, a dry run, then a run.</summary>
public sealed class RetentionBrowserTests : ConsoleTest
{

    protected override async Task SeedAsync()
    {
        using var registry = ConsoleServer.AdminClient(Server);
        await registry.PushImageAsync("team/app", "old", TestImages.Image(1, 2048, 61));
        // Push times are kept to the second: "new" must be the more recent push.
        await Task.Delay(TimeSpan.FromSeconds(1.1), Cancel);
        await registry.PushImageAsync("team/app", "new", TestImages.Image(1, 2048, 62));
    }

    [Fact]
    public async Task An_admin_sets_a_policy_sees_the_dry_run_and_runs_it()
    {
        Browser.LogIn("init", InitPassword);
        Browser.WaitFor("#count-repositories");
        Browser.WaitFor("nav a[href='/retention']").Click();
        Browser.WaitFor("#no-policies");

        Browser.WaitFor("#retention-scope").SendKeys("team/app");
        Browser.WaitFor("#retention-rules").SendKeys("protect latest\nkeep-latest 1");
        Browser.WaitFor("#retention-save").Click();
        Browser.WaitForText("#notice", "Policy of team/app saved");
        Browser.WaitForText("tr[data-policy='team/app']", "2. keep-latest 1");

        Browser.WaitFor("#retention-dry-run").Click();
        Browser.WaitForText("#retention-summary", "Would remove 1 tags and 1 manifests");
        Browser.WaitForText("tr[data-removal='team/app:old']", "kept by none of rule 2");
        Browser.WaitForText("tr[data-kept='team/app:new']", "keep the 1 most recently pushed tags");
        Browser.Screenshot("retention");
        var manifests = Server.Services.GetRequiredService<IManifestIndex>();
        Assert.NotNull(await manifests.FindByTagAsync(RepositoryName.Parse("team/app"), "old", Cancel));

        Browser.WaitFor("#retention-run", e => e.Enabled).Click();
        Assert.Contains("Run retention now?", Browser.Confirm());
        Browser.WaitForText("#retention-summary", "Removed 1 tags and 1 manifests");

        Assert.Null(await manifests.FindByTagAsync(RepositoryName.Parse("team/app"), "old", Cancel));
        Assert.NotNull(await manifests.FindByTagAsync(RepositoryName.Parse("team/app"), "new", Cancel));
        var audit = await Server.Services.GetRequiredService<IAuditLog>().ListAsync(new AuditQuery(Action: AuditActions.RetentionRun), Cancel);
        Assert.Contains(audit, e => e.User == "init" && e.Detail!.StartsWith("1 tags, 1 manifests", StringComparison.Ordinal));
    }
}
