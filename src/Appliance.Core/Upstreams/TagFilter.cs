using System.Globalization;
using System.Text.RegularExpressions;

namespace Appliance.Core.Upstreams;

/// <summary>
/// Which upstream tags a sync job copies: those the regular expression matches as a whole, and whose version (the tag's
/// leading <c>MAJOR[.MINOR[.PATCH]]</c>, a <c>v</c> before and a <c>-suffix</c> after allowed: <c>v1.2.3</c>,
/// <c>4.16.3-x86_64</c>) satisfies every comparator of the range (<c>&gt;=4.16.0 &lt;4.17.0</c>). No filter takes every tag.
/// </summary>
public sealed partial class TagFilter
{
    private readonly Regex? _pattern;
    private readonly IReadOnlyList<(string Operator, Version Version)> _range;

    private TagFilter(Regex? pattern, IReadOnlyList<(string, Version)> range) => (_pattern, _range) = (pattern, range);

    /// <exception cref="FormatException">Names what is wrong with the pattern or the range.</exception>
    public static TagFilter Parse(string? pattern, string? range)
    {
        Regex? regex = null;
        if (!string.IsNullOrEmpty(pattern))
        {
            try
            {
                regex = new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"tag pattern '{pattern}' is not a regular expression: {e.Message}");
            }
        }
        var comparators = new List<(string, Version)>();
        foreach (var part in (range ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var match = Comparator().Match(part);
            if (!match.Success || VersionOf(match.Groups[2].Value) is not { } version)
            {
                throw new FormatException($"version range '{range}': '{part}' is not a comparator such as >=4.16.0, <5 or =1.2.3");
            }
            comparators.Add((match.Groups[1].Value, version));
        }
        return new TagFilter(regex, comparators);
    }

    public bool Matches(string tag)
    {
        if (_pattern is not null && !_pattern.IsMatch(tag)) return false;
        if (_range.Count == 0) return true;
        if (VersionOf(tag) is not { } version) return false;
        return _range.All(c => c.Operator switch
        {
            ">=" => version >= c.Version,
            ">" => version > c.Version,
            "<=" => version <= c.Version,
            "<" => version < c.Version,
            _ => version == c.Version,
        });
    }

    private static Version? VersionOf(string text)
    {
        var match = Leading().Match(text);
        if (!match.Success) return null;
        int Part(int group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        return new Version(Part(1), Part(2), Part(3));
    }

    [GeneratedRegex(@"^(>=|<=|>|<|=)?(.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Comparator();

    [GeneratedRegex(@"^v?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:[-+].*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Leading();
}
