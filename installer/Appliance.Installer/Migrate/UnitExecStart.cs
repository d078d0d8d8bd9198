using System.Text;

namespace Appliance.Installer.Migrate;

/// <summary>
/// The words of a systemd unit's <c>ExecStart=</c>: continuation lines (a trailing backslash) joined, quotes honoured,
/// the <c>-</c>/<c>@</c>/<c>+</c>/<c>!</c> prefixes of the executable dropped. Enough for the <c>podman run</c> and
/// <c>podman pod create</c> lines mirror-registry writes; specifiers such as <c>%t</c> stay as they are.
/// </summary>
public static class UnitExecStart
{
    public static IReadOnlyList<string> Words(string unitText)
    {
        var joined = unitText.ReplaceLineEndings("\n").Replace("\\\n", " ", StringComparison.Ordinal);
        var line = joined.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
        if (line is null) return [];
        var words = Split(line["ExecStart=".Length..]);
        if (words.Count > 0) words[0] = words[0].TrimStart('-', '@', '+', '!', ':');
        return words;
    }

    private static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is { } open)
            {
                if (c == open) quote = null;
                else word.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
