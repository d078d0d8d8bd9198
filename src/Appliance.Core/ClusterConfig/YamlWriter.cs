using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Appliance.Core.ClusterConfig;

/// <summary>
/// Writes the few small block-style YAML documents cluster-config produces (mappings, lists of mappings, strings and a
/// literal block for PEM). Core stays free of a YAML library: every scalar that is not plainly a name is written
/// double-quoted with JSON escapes, which YAML 1.2 reads as the same string, so no value can change type or meaning.
/// </summary>
public sealed partial class YamlWriter
{
    private static readonly JsonSerializerOptions QuotedScalar = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase) { "true", "false", "yes", "no", "on", "off", "null", "y", "n" };
    private readonly StringBuilder _text = new();

    /// <summary><c>key: value</c> at <paramref name="indent"/>; <paramref name="listItem"/> prefixes <c>- </c>.</summary>
    public YamlWriter Scalar(int indent, string key, string value, bool listItem = false)
    {
        Key(indent, key, listItem).Append(' ').Append(Quote(value)).Append('\n');
        return this;
    }

    /// <summary><c>key:</c> opening a nested mapping or list.</summary>
    public YamlWriter Open(int indent, string key, bool listItem = false)
    {
        Key(indent, key, listItem).Append('\n');
        return this;
    }

    /// <summary><c>- value</c> items of a list of strings.</summary>
    public YamlWriter Items(int indent, IEnumerable<string> values)
    {
        foreach (var value in values) _text.Append(' ', indent).Append("- ").Append(Quote(value)).Append('\n');
        return this;
    }

    /// <summary><c>key: |</c> and the text's lines, for PEM certificates and other multi-line text.</summary>
    public YamlWriter Literal(int indent, string key, string text)
    {
        Key(indent, key, false).Append(" |\n");
        foreach (var line in text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')) _text.Append(' ', indent + 2).Append(line).Append('\n');
        return this;
    }

    public YamlWriter DocumentSeparator()
    {
        _text.Append("---\n");
        return this;
    }

    public override string ToString() => _text.ToString();

    public static string Quote(string value) =>
        PlainScalar().IsMatch(value) && !Reserved.Contains(value) ? value : JsonSerializer.Serialize(value, QuotedScalar);

    private StringBuilder Key(int indent, string key, bool listItem)
    {
        _text.Append(' ', listItem ? indent - 2 : indent);
        if (listItem) _text.Append("- ");
        return _text.Append(Quote(key)).Append(':');
    }

    // Starts with a letter (no numbers, no indicators), no spaces, and no ':' at the end: always a plain string.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._/@-]*(:[A-Za-z0-9._/@-]+)*$")]
    private static partial Regex PlainScalar();
}
