using Appliance.Testing;

namespace Appliance.Maintenance.Tests;

/// <summary><c>appliance-registry retention</c> on a data directory, as an admin types it.</summary>
public sealed class RetentionCommandTests : IDisposable
{
    private readonly TestDirectory _work = new("appliance-retention-cli");

    private Task<ProcessResult> RunAsync(params string[] arguments) => RegistryCli.RunAsync(_work.Combine("data"), arguments);

    [Fact]
    public async Task An_admin_sets_shows_previews_and_clears_policies_and_a_wrong_rule_is_named()
    {
        var wrong = await RunAsync("retention", "set", "--scope", "ci-*", "--rule", "remove-untagged 30days");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("retention: --rule age '30days' is not a duration; write for example 30d", wrong.StandardError);

        var release = await RunAsync("retention", "set", "--scope", "openshift/release-images", "--rule", "protect latest", "--rule", "keep-latest 3 4.16.*");
        Assert.True(release.ExitCode == 0, release.All);
        var ci = await RunAsync("retention", "set", "--scope", "ci-*", "--rule", "remove-untagged 30d");
        Assert.True(ci.ExitCode == 0, ci.All);

        var show = await RunAsync("retention", "show");
        Assert.Equal($"ci-*{Environment.NewLine}  remove-untagged 30d{Environment.NewLine}openshift/release-images{Environment.NewLine}"
            + $"  protect latest{Environment.NewLine}  keep-latest 3 4.16.*{Environment.NewLine}", show.StandardOutput);
        var dryRun = await RunAsync("retention", "dry-run");
        Assert.Contains("would remove: 0 tags and 0 manifests", dryRun.StandardOutput);

        Assert.Equal(0, (await RunAsync("retention", "clear", "--scope", "ci-*")).ExitCode);
        Assert.DoesNotContain("ci-*", (await RunAsync("retention", "show")).StandardOutput);
        var again = await RunAsync("retention", "clear", "--scope", "ci-*");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("there is no policy for ci-*", again.StandardError);
    }

    public void Dispose() => _work.Dispose();
}
