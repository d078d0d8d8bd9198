using System.Globalization;
using System.Text.RegularExpressions;

namespace Appliance.Core.Configuration;

/// <summary>
/// Sizes as admins write them: plain bytes, SI units (<c>kB</c>, <c>MB</c>, <c>GB</c>, <c>TB</c>: powers of 1000) and
/// binary units (<c>KiB</c>, <c>MiB</c>, <c>GiB</c>, <c>TiB</c>: powers of 1024), with a fraction if wanted (<c>1.5TB</c>).
/// </summary>
public static partial class ByteSizes
{
    public const string Examples = "512MiB, 20GiB, 1.5TB or 1073741824";

    private static readonly (string Unit, double Factor)[] Units =
    [
        ("B", 1), ("kB", 1e3), ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12), ("PB", 1e15),
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40), ("PiB", 1L << 50),
    ];

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Size();

    public static bool TryParse(string? text, out long value)
    {
        value = 0;
        var match = Size().Match(text?.Trim() ?? "");
        if (!match.Success) return false;
        var factor = match.Groups[2].Value.Length == 0 ? 1 : Units.FirstOrDefault(u => u.Unit == match.Groups[2].Value).Factor;
        if (factor == 0) return false;
        var bytes = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * factor;
        if (bytes > long.MaxValue || bytes != Math.Floor(bytes) && factor == 1) return false;
        value = (long)Math.Round(bytes);
        return true;
    }

    /// <exception cref="FormatException">Names <paramref name="setting"/> and shows good values.</exception>
    public static long Parse(string? text, string setting) =>
        TryParse(text, out var value) ? value : throw new FormatException($"{setting}: '{text}' is not a size; write for example {Examples}");

    /// <summary>Binary units with up to one decimal: <c>512MiB</c>, <c>1.5GiB</c>; plain bytes below 1 KiB.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["KiB", "MiB", "GiB", "TiB", "PiB"];
        if (bytes < 1024) return $"{bytes}B";
        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString(value < 100 ? "0.#" : "0", CultureInfo.InvariantCulture) + units[unit];
    }
}
