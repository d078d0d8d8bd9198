using System.Globalization;

namespace Appliance.Core.Services;

/// <summary>
/// The byte range a chunked PATCH claims to carry. The OCI spec writes it "start-end"; some
/// clients send the RFC 9110 form "bytes start-end/*", which is accepted too.
/// </summary>
public readonly record struct ContentRange(long Start, long End)
{
    public long Length => End - Start + 1;

    public static bool TryParse(string? value, out ContentRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(value)) return false;
        var text = value.Trim();
        if (text.StartsWith("bytes", StringComparison.OrdinalIgnoreCase)) text = text[5..].TrimStart(' ', '=');
        var slash = text.IndexOf('/');
        if (slash >= 0) text = text[..slash];
        var dash = text.IndexOf('-');
        if (dash <= 0) return false;
        if (!long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            || end < start)
        {
            return false;
        }
        range = new ContentRange(start, end);
        return true;
    }
}
