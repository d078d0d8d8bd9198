using System.Globalization;
using System.Text.RegularExpressions;

namespace Appliance.Core.Tags;

/// <summary>
/// Which tags a retention rule or a sync job means: a semantic version range when every space-separated part is one (<c>4.16.*</c>, <c>4.*</c>,
/// <c>&gt;=4.16 &lt;4.17</c>, <c>4.16.3</c>), a regular expression matched against the whole tag otherwise
/// (<c>latest|stable</c>, <c>ci-.*</c>). A tag's version is its leading <c>[v]MAJOR[.MINOR[.PATCH]]</c> followed by nothing or
/// by '-', '+' or '_' (OpenShift's <c>4.16.3-x86_64</c> is 4.16.3); a tag without one matches no range.
/// </summary>
public sealed partial class TagPattern
{
    private readonly Regex? _regex;
    private readonly IReadOnlyList<Comparator> _range;

    private TagPattern(Regex? regex, IReadOnlyList<Comparator> range)
    {
        _regex = regex;
        _range = range;
    }

    public static readonly TagPattern Everything = new(null, []);

    /// <summary>Whether the text was a version range (or nothing), not a regular expression.</summary>
    public bool IsVersionRange => _regex is null;

    public static bool TryParse(string text, out TagPattern pattern, out string? error)
    {
        pattern = Everything;
        error = null;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            error = "the pattern is empty";
            return false;
        }
        var comparators = parts.Select(Comparator.TryParse).ToList();
        if (comparators.All(c => c is not null))
        {
            pattern = new TagPattern(null, comparators!);
            return true;
        }
        try
        {
            pattern = new TagPattern(new Regex($"^(?:{text})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)), []);
            return true;
        }
        catch (ArgumentException e)
        {
            error = $"neither a version range (4.16.*, >=4.16 <4.17) nor a regular expression ({e.Message})";
            return false;
        }
    }

    public static TagPattern Parse(string? text) =>
        text is null ? Everything : TryParse(text, out var pattern, out var error) ? pattern : throw new FormatException(error);

    public bool Matches(string tag)
    {
        if (_regex is not null) return _regex.IsMatch(tag);
        if (_range.Count == 0) return true;
        var match = TagVersion().Match(tag);
        if (!match.Success) return false;
        var version = new int[3];
        for (var i = 0; i < 3; i++) version[i] = match.Groups[i + 1].Success ? int.Parse(match.Groups[i + 1].Value, CultureInfo.InvariantCulture) : 0;
        return _range.All(c => c.Accepts(version));
    }

    [GeneratedRegex(@"^v?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:[-+_].*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TagVersion();

    [GeneratedRegex(@"^(>=|<=|>|<|=)?v?(\d{1,9})(?:\.(\d{1,9}|\*|x))?(?:\.(\d{1,9}|\*|x))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ComparatorText();

    /// <param name="Known">How many leading components were given as numbers (the rest are wildcards or absent).</param>
    private sealed record Comparator(string Operator, int[] Version, int Known)
    {
        public static Comparator? TryParse(string text)
        {
            var match = ComparatorText().Match(text);
            if (!match.Success) return null;
            var version = new int[3];
            var known = 0;
            for (var i = 0; i < 3; i++)
            {
                var group = match.Groups[i + 2];
                if (!group.Success || group.Value is "*" or "x") break;
                version[i] = int.Parse(group.Value, CultureInfo.InvariantCulture);
                known++;
            }
            return new Comparator(match.Groups[1].Value, version, known);
        }

        public bool Accepts(int[] tag)
        {
            var order = 0;
            for (var i = 0; i < 3 && order == 0; i++) order = tag[i].CompareTo(Version[i]);
            return Operator switch
            {
                ">=" => order >= 0,
                "<=" => order <= 0,
                ">" => order > 0,
                "<" => order < 0,
                // No operator (or '='): the given components equal, wildcards and omitted ones anything.
                _ => Enumerable.Range(0, Known).All(i => tag[i] == Version[i]),
            };
        }
    }
}
