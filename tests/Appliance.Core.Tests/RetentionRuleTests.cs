using Appliance.Core.Retention;
using Appliance.Core.Tags;

namespace Appliance.Core.Tests;

public sealed class RetentionRuleTests
{
    [Theory]
    [InlineData("4.16.*", "4.16.3-x86_64", true)]
    [InlineData("4.16.*", "4.16.0", true)]
    [InlineData("4.16.*", "4.17.0", false)]
    [InlineData("4.16.*", "v4.16.2", true)]
    [InlineData("4.16.*", "latest", false)]
    [InlineData("4.*", "4.12.9-multi", true)]
    [InlineData(">=4.16 <4.17", "4.16.30", true)]
    [InlineData(">=4.16 <4.17", "4.17.0", false)]
    [InlineData(">=4.16 <4.17", "4.15.99", false)]
    [InlineData("4.16.3", "4.16.3-aarch64", true)]
    [InlineData("4.16.3", "4.16.30", false)]
    [InlineData("latest|stable", "stable", true)]
    [InlineData("latest|stable", "latest-1", false)]
    [InlineData("ci-.*", "ci-1234", true)]
    public void A_pattern_is_a_version_range_when_every_part_is_one_and_a_whole_tag_regex_otherwise(string pattern, string tag, bool matches) =>
        Assert.Equal(matches, TagPattern.Parse(pattern).Matches(tag));

    [Fact]
    public void A_broken_regex_is_refused_with_what_is_accepted()
    {
        Assert.False(TagPattern.TryParse("4.16.[", out _, out var error));
        Assert.Contains("version range", error);
    }

    [Theory]
    [InlineData("protect latest|stable", RetentionRuleKind.Protect, "latest|stable", null, null)]
    [InlineData("keep-latest 3 4.16.*", RetentionRuleKind.KeepLatest, "4.16.*", 3, null)]
    [InlineData("keep-latest 2 >=4.16 <4.17", RetentionRuleKind.KeepLatest, ">=4.16 <4.17", 2, null)]
    [InlineData("keep-recent 2w", RetentionRuleKind.KeepRecent, null, null, 14)]
    [InlineData("remove-untagged 30d", RetentionRuleKind.RemoveUntagged, null, null, 30)]
    public void A_rule_line_reads_as_the_command_line_writes_it_and_prints_back_the_same(string line, RetentionRuleKind kind, string? tags, int? count, int? days)
    {
        var rule = RetentionRuleText.ParseLine(line);
        Assert.Equal(new RetentionRule(kind, tags, count, days is { } d ? TimeSpan.FromDays(d) : null), rule);
        Assert.Equal(line.Replace("2w", "14d", StringComparison.Ordinal), RetentionRuleText.FormatLine(rule));
        Assert.Equal(rule, RetentionRuleText.Deserialize(RetentionRuleText.Serialize([rule]))[0]);
    }

    [Theory]
    [InlineData("keep-latest three", "count")]
    [InlineData("keep-latest 0", "at least 1")]
    [InlineData("remove-untagged soon", "not a duration")]
    [InlineData("protect", "tag pattern")]
    [InlineData("delete everything", "no rule")]
    public void A_wrong_rule_is_named_with_what_would_be_right(string line, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => RetentionRuleText.ParseLine(line)).Message);

    [Fact]
    public void The_most_specific_scope_governs_a_repository()
    {
        RetentionPolicy[] policies =
        [
            new("*", [new RetentionRule(RetentionRuleKind.RemoveUntagged, Age: TimeSpan.FromDays(90))]),
            new("ci-*", [new RetentionRule(RetentionRuleKind.RemoveUntagged, Age: TimeSpan.FromDays(30))]),
            new("openshift/release-images", [new RetentionRule(RetentionRuleKind.KeepLatest, "4.16.*", 3)]),
        ];
        Assert.Equal("ci-*", RetentionPolicy.For(policies, "ci-42/app")!.Scope);
        Assert.Equal("openshift/release-images", RetentionPolicy.For(policies, "openshift/release-images")!.Scope);
        Assert.Equal("*", RetentionPolicy.For(policies, "openshift/release")!.Scope);
        Assert.Null(RetentionPolicy.For(policies[1..], "team/app"));
        Assert.Contains("neither a namespace pattern", new RetentionPolicy("Team/App", policies[0].Rules).Problem());
    }
}
