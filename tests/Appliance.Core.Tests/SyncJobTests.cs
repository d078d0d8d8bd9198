using Appliance.Core.Upstreams;

namespace Appliance.Core.Tests;

/// <summary>A sync job's tag filter: the tag pattern retention rules use, and a version range a tag must satisfy as well.</summary>
public sealed class SyncJobTests
{
    private static readonly string[] Tags = ["4.15.9", "4.16.0", "4.16.3-x86_64", "v4.16.12", "4.17.0", "latest", "v1.0.0", "v1.1.0", "v2.0.0", "v1.2.0-rc"];

    [Theory]
    [InlineData("4.16.*", null, "4.16.0 4.16.3-x86_64 v4.16.12")]
    [InlineData(null, "4.16.*", "4.16.0 4.16.3-x86_64 v4.16.12")]
    [InlineData(">=4.16 <4.17", null, "4.16.0 4.16.3-x86_64 v4.16.12")]
    [InlineData("latest|4\\.15\\..*", null, "4.15.9 latest")]
    // As stored by earlier releases: a regex and a comparator range, both to match.
    [InlineData("v[0-9.]+", ">=1.0.0 <2.0.0", "v1.0.0 v1.1.0")]
    [InlineData("4\\.16\\..*", "<4.16.5", "4.16.0 4.16.3-x86_64")]
    [InlineData(null, null, "4.15.9 4.16.0 4.16.3-x86_64 v4.16.12 4.17.0 latest v1.0.0 v1.1.0 v2.0.0 v1.2.0-rc")]
    public void A_tag_is_copied_when_it_matches_the_tag_pattern_and_the_version_range(string? tags, string? versions, string copied)
    {
        var job = Job(tags, versions);
        job.Validate();
        Assert.Equal(copied, string.Join(' ', Tags.Where(job.TagFilter())));
    }

    [Theory]
    [InlineData("4.16.[", null, "tags '4.16.[': neither a version range")]
    [InlineData(null, "~>1", "version range '~>1' is not a comparator")]
    public void A_filter_that_is_neither_is_refused_naming_it(string? tags, string? versions, string message) =>
        Assert.StartsWith(message, Assert.Throws<FormatException>(() => Job(tags, versions).Validate()).Message);

    private static SyncJob Job(string? tags, string? versions) =>
        new("job", ["mirror/app"], tags, versions, [], TimeSpan.FromHours(1), DateTimeOffset.UnixEpoch);
}
