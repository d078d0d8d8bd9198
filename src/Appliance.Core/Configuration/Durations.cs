using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Appliance.Core.Configuration;

/// <summary>
/// Durations as Kubernetes, Prometheus and Quay users write them (<c>90s</c>, <c>15m</c>, <c>1h30m</c>, <c>24h</c>,
/// <c>7d</c>, <c>2w</c>), and .NET's <c>[d.]hh:mm:ss</c>, which earlier configurations use. A bare number other than 0
/// is refused: .NET would read <c>7</c> as seven days, and a reader as seven seconds.
/// </summary>
public static partial class Durations
{
    public const string Examples = "90s, 15m, 1h30m, 24h, 7d or 2w";

    private static readonly (string Unit, TimeSpan Length)[] Units =
    [
        ("w", TimeSpan.FromDays(7)), ("d", TimeSpan.FromDays(1)), ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)), ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    [GeneratedRegex(@"\G(\d+(?:\.\d+)?)(ms|w|d|h|m|s)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0) return false;
        if (trimmed == "0") return true;
        if (trimmed.Contains(':')) return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;

        var position = 0;
        var total = 0.0;
        while (position < trimmed.Length)
        {
            var match = Part().Match(trimmed, position);
            if (!match.Success) return false;
            var length = Units.First(u => u.Unit == match.Groups[2].Value).Length;
            total += double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * length.Ticks;
            position += match.Length;
        }
        if (total > TimeSpan.MaxValue.Ticks) return false;
        value = TimeSpan.FromTicks((long)total);
        return true;
    }

    /// <exception cref="FormatException">Names <paramref name="setting"/> and shows good values.</exception>
    public static TimeSpan Parse(string? text, string setting) =>
        TryParse(text, out var value) ? value : throw new FormatException($"{setting}: '{text}' is not a duration; write for example {Examples}");

    /// <summary>The largest units first, as parsed: <c>1h30m</c>, <c>7d</c>, <c>2w</c>; <c>0s</c> for zero.</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero) return "0s";
        var text = new StringBuilder();
        var rest = value;
        foreach (var (unit, length) in Units)
        {
            var count = rest.Ticks / length.Ticks;
            if (count == 0) continue;
            text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
            rest -= TimeSpan.FromTicks(count * length.Ticks);
        }
        return text.Length == 0 ? "0s" : text.ToString();
    }
}
