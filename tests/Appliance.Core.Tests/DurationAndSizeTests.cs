using Appliance.Core.Configuration;

namespace Appliance.Core.Tests;

public sealed class DurationAndSizeTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 15 * 60)]
    [InlineData("1h30m", 90 * 60)]
    [InlineData("24h", 24 * 3600)]
    [InlineData("7d", 7 * 86400)]
    [InlineData("2w", 14 * 86400)]
    [InlineData("1.5h", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData("0", 0)]
    [InlineData("01:00:00", 3600)]
    [InlineData("1.00:00:00", 86400)]
    [InlineData(" 30d ", 30 * 86400)]
    public void Durations_are_read_as_kubernetes_prometheus_and_dotnet_write_them(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var value), text);
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("banana")]
    [InlineData("1h 30m")]
    [InlineData("-5m")]
    [InlineData("5M")]
    [InlineData("h")]
    [InlineData("")]
    public void Anything_else_is_not_a_duration(string text) => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData(90, "1m30s")]
    [InlineData(7 * 86400, "1w")]
    [InlineData(8 * 86400 + 3600, "1w1d1h")]
    [InlineData(0, "0s")]
    public void Durations_are_written_in_the_same_units(int seconds, string text)
    {
        Assert.Equal(text, Durations.Format(TimeSpan.FromSeconds(seconds)));
        Assert.True(Durations.TryParse(text, out var back) && back == TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("1073741824", 1L << 30)]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("20GiB", 20L << 30)]
    [InlineData("1.5TB", 1_500_000_000_000)]
    [InlineData("4 KiB", 4096)]
    [InlineData("10kB", 10_000)]
    [InlineData("2GB", 2_000_000_000)]
    [InlineData("7B", 7)]
    public void Sizes_take_bytes_si_and_binary_units(string text, long bytes)
    {
        Assert.True(ByteSizes.TryParse(text, out var value), text);
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("1.5")]
    [InlineData("12XB")]
    [InlineData("-1GiB")]
    [InlineData("1 GiB extra")]
    public void Anything_else_is_not_a_size(string text) => Assert.False(ByteSizes.TryParse(text, out _));

    [Theory]
    [InlineData(512, "512B")]
    [InlineData(512L << 20, "512MiB")]
    [InlineData(3L << 29, "1.5GiB")]
    public void Sizes_are_written_in_binary_units_that_read_back(long bytes, string text)
    {
        Assert.Equal(text, ByteSizes.Format(bytes));
        Assert.True(ByteSizes.TryParse(text, out var back) && back == bytes);
    }
}
