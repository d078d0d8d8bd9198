using System.Text;
using System.Text.Json;

namespace Appliance.Core.ClusterConfig;

/// <summary>
/// Adds or replaces one registry's entry in a pull secret (<c>{"auths":{...}}</c>) by splicing the text: every other byte,
/// other registries' entries, their order, whitespace and escapes included, stays as it was. Re-serializing would
/// normalize all of that, and an admin diffing the result should see only our entry change.
/// </summary>
public static class PullSecretMerge
{
    /// <param name="pullSecret">the pull secret file's bytes (UTF-8, an optional BOM is kept)</param>
    /// <param name="registry">the auths key, host:port</param>
    /// <param name="entryJson">the entry's value, e.g. <c>{"auth":"..."}</c></param>
    public static byte[] Merge(byte[] pullSecret, string registry, string entryJson)
    {
        var member = $"{JsonSerializer.Serialize(registry)}:{entryJson}";
        var bom = pullSecret.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        var (from, to, text) = Find(pullSecret.AsSpan(bom), registry, member);
        var insertion = Encoding.UTF8.GetBytes(text);
        return [.. pullSecret.AsSpan(0, bom + from), .. insertion, .. pullSecret.AsSpan(bom + to)];
    }

    /// <summary>Throws <see cref="InvalidDataException"/> unless <paramref name="pullSecret"/> is a JSON object a merge can splice into.</summary>
    public static void Check(byte[] pullSecret) => Merge(pullSecret, "", "{}");

    /// <summary>The byte range to replace and its replacement.</summary>
    private static (int From, int To, string Text) Find(ReadOnlySpan<byte> json, string registry, string member)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new InvalidDataException("the pull secret is not a JSON object");
            var topOpen = (int)reader.TokenStartIndex;
            int? topLastEnd = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isAuths = reader.ValueTextEquals("auths");
                reader.Read();
                if (isAuths) return FindInAuths(ref reader, registry, member);
                reader.Skip();
                topLastEnd = (int)reader.BytesConsumed;
            }
            return Append(topOpen, topLastEnd, $"\"auths\":{{{member}}}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the pull secret is not valid JSON: {e.Message}", e);
        }
    }

    private static (int From, int To, string Text) FindInAuths(ref Utf8JsonReader reader, string registry, string member)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new InvalidDataException("\"auths\" in the pull secret is not an object");
        var open = (int)reader.TokenStartIndex;
        int? lastEnd = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            var matches = reader.GetString() == registry;
            reader.Read();
            reader.Skip();
            var valueEnd = (int)reader.BytesConsumed;
            if (matches) return (nameStart, valueEnd, member);
            lastEnd = valueEnd;
        }
        return Append(open, lastEnd, member);
    }

    /// <summary>A member after an object's last one (<c>,member</c>), or right after the <c>{</c> of an empty object.</summary>
    private static (int From, int To, string Text) Append(int objectOpen, int? lastValueEnd, string member) =>
        lastValueEnd is { } end ? (end, end, "," + member) : (objectOpen + 1, objectOpen + 1, member);
}
