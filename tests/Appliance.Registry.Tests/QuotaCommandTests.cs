using System.Text.Json;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

/// <summary>The <c>quota</c> command, run as the real executable against a data directory.</summary>
public sealed class QuotaCommandTests : IDisposable
{
    private readonly TestDirectory _data = new("appliance-quota");
    private readonly RegistryCommands _registry;

    public QuotaCommandTests() => _registry = new RegistryCommands(_data.Path);

    [Fact]
    public async Task Quotas_are_set_shown_as_text_and_json_and_cleared_with_sizes_as_admins_write_them_and_audited()
    {
        await _registry.RunAsync("quota", "set", "ocp4", "--limit", "20GiB");
        await _registry.RunAsync("quota", "set", "--default", "--limit", "1.5TB", "--warn", "70", "--reject", "110");
        Assert.Contains("already", (await _registry.RunAsync("quota", "set", "ocp4", "--limit", "20GiB")).StandardError);

        var shown = (await _registry.RunAsync("quota", "show")).StandardOutput;
        Assert.Contains("default: 1.4TiB, warn at 70%, reject at 110%", shown);
        Assert.Matches(@"ocp4\s+0B of 20GiB\s+0%\s+ok\s+warn 80%, reject 100%", shown);

        using var json = JsonDocument.Parse((await _registry.RunAsync("quota", "show", "ocp4", "--json")).StandardOutput);
        var ocp4 = json.RootElement.EnumerateArray().Single();
        Assert.Equal(("ocp4", 0L, 20L << 30, 80, 100, "ok", false), (ocp4.GetProperty("namespace").GetString(), ocp4.GetProperty("usedBytes").GetInt64(),
            ocp4.GetProperty("limitBytes").GetInt64(), ocp4.GetProperty("warnPercent").GetInt32(), ocp4.GetProperty("rejectPercent").GetInt32(),
            ocp4.GetProperty("state").GetString(), ocp4.GetProperty("isDefault").GetBoolean()));

        Assert.Contains("must not be above the reject level", (await _registry.FailAsync("quota", "set", "ocp4", "--limit", "1GiB", "--warn", "90", "--reject", "80")).StandardError);
        Assert.Contains("is not a namespace name", (await _registry.FailAsync("quota", "set", "team-*", "--limit", "1GiB")).StandardError);
        Assert.Contains("give a NAMESPACE or --default", (await _registry.FailAsync("quota", "set", "--limit", "1GiB")).StandardError);

        await _registry.RunAsync("quota", "clear", "ocp4");
        Assert.Contains("has no quota of its own", (await _registry.FailAsync("quota", "clear", "ocp4")).StandardError);
        // The default now applies to it.
        Assert.Contains("(default)", (await _registry.RunAsync("quota", "show", "ocp4")).StandardOutput);
        await _registry.RunAsync("quota", "clear", "--default");
        Assert.Contains("no quota applies to namespace ocp4", (await _registry.FailAsync("quota", "show", "ocp4")).StandardError);

        var audit = (await _registry.RunAsync("audit", "--action", "quota.set")).StandardOutput;
        Assert.Matches(@"quota.set .* ocp4 +20GiB, warn at 80%, reject at 100%", audit);
        Assert.Contains("quota.clear", (await _registry.RunAsync("audit", "--action", "quota.clear")).StandardOutput);
    }

    public void Dispose() => _data.Dispose();
}
