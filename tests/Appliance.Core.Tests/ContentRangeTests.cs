using Appliance.Core.Services;

namespace Appliance.Core.Tests;

public sealed class ContentRangeTests
{
    [Theory]
    [InlineData("0-99", 0, 99)]
    [InlineData("100-199", 100, 199)]
    [InlineData("bytes 100-199/*", 100, 199)]
    [InlineData("bytes=5-5", 5, 5)]
    public void Parses_spec_and_rfc_forms(string header, long start, long end)
    {
        Assert.True(ContentRange.TryParse(header, out var range));
        Assert.Equal((start, end), (range.Start, range.End));
        Assert.Equal(end - start + 1, range.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("-10")]
    [InlineData("20-10")]
    [InlineData("a-b")]
    [InlineData("1--2")]
    public void Rejects_malformed_ranges(string header)
    {
        Assert.False(ContentRange.TryParse(header, out _));
    }
}
