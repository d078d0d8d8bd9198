using Appliance.Core.Errors;
using Appliance.Core.Quotas;

namespace Appliance.Core.Tests.Quotas;

public sealed class QuotaRuleTests
{
    private const long GiB = 1L << 30;

    [Theory]
    [InlineData(0, QuotaState.Ok)]
    [InlineData(8 * GiB - 1, QuotaState.Ok)]
    [InlineData(8 * GiB, QuotaState.Warning)]
    [InlineData(10 * GiB - 1, QuotaState.Warning)]
    [InlineData(10 * GiB, QuotaState.Rejecting)]
    [InlineData(11 * GiB, QuotaState.Rejecting)]
    public void The_levels_are_inclusive_percentages_of_the_limit(long used, QuotaState expected) =>
        Assert.Equal(expected, new Quota(10 * GiB).StateOf(used));

    [Fact]
    public void A_reject_level_above_100_percent_is_a_soft_limit()
    {
        var soft = new Quota(10 * GiB, 90, 120);
        Assert.Equal(QuotaState.Warning, soft.StateOf(11 * GiB));
        Assert.Equal(QuotaState.Rejecting, soft.StateOf(12 * GiB));
    }

    [Fact]
    public void A_limit_of_petabytes_times_a_percentage_does_not_overflow() =>
        Assert.Equal(long.MaxValue, new Quota(long.MaxValue / 2, 80, 1000).RejectBytes);

    [Theory]
    [InlineData(0, 80, 100, "above zero")]
    [InlineData(1024, 0, 100, "warning level 0%")]
    [InlineData(1024, 80, 1001, "reject level 1001%")]
    [InlineData(1024, 90, 80, "must not be above the reject level")]
    public void Wrong_values_are_refused_with_what_is_wrong(long limit, int warn, int reject, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => new Quota(limit, warn, reject).Validated()).Message);

    [Fact]
    public void A_namespace_gets_its_own_quota_else_the_default_else_none()
    {
        var snapshot = new QuotaSnapshot(
            [new NamespaceQuota("ocp4", new Quota(20 * GiB)), new NamespaceQuota(NamespaceQuota.Default, new Quota(GiB))],
            [new NamespaceUsage("ocp4", 17 * GiB, QuotaState.Ok), new NamespaceUsage("team", 2 * GiB, QuotaState.Rejecting)]);

        Assert.Equal((new Quota(20 * GiB), false), snapshot.QuotaOf("ocp4"));
        Assert.Equal((new Quota(GiB), true), snapshot.QuotaOf("other"));
        Assert.Equal(
            [("ocp4", QuotaState.Warning, false), ("team", QuotaState.Rejecting, true)],
            snapshot.Statuses().Select(s => (s.Namespace, s.State, s.IsDefault)));
        Assert.Null(new QuotaSnapshot([new NamespaceQuota("ocp4", new Quota(GiB))], []).QuotaOf("team"));
        Assert.True(new QuotaSnapshot([], [new NamespaceUsage("team", 1, QuotaState.Ok)]).IsEmpty);
    }

    [Fact]
    public void Without_a_default_only_namespaces_with_a_quota_of_their_own_are_listed()
    {
        var snapshot = new QuotaSnapshot([new NamespaceQuota("empty", new Quota(GiB))], [new NamespaceUsage("team", 5, QuotaState.Ok)]);
        var status = Assert.Single(snapshot.Statuses());
        Assert.Equal(("empty", 0L, QuotaState.Ok), (status.Namespace, status.UsedBytes, status.State));
    }

    [Fact]
    public void The_refusal_is_the_spec_denied_error_naming_namespace_use_and_limit_in_human_units()
    {
        var refusal = QuotaGate.Refusal(new QuotaStatus("ocp4", 21 * GiB, new Quota(20 * GiB), IsDefault: false));
        Assert.Equal(OciErrorCode.Denied, refusal.Code);
        Assert.Contains("namespace ocp4", refusal.Message);
        Assert.Contains("uses 21GiB of its 20GiB limit (105%", refusal.Message);
    }
}
