using System.Text.Json;
using Appliance.Core.Configuration;

namespace Appliance.Core.Retention;

/// <summary>
/// A rule as people and the store write it: <c>{"kind": "keep-latest", "tags": "4.16.*", "count": 3}</c>,
/// <c>{"kind": "remove-untagged", "age": "30d"}</c>; kinds <c>protect</c>, <c>keep-latest</c>, <c>keep-recent</c>,
/// <c>remove-untagged</c>, ages as durations (<c>30d</c>, <c>2w</c>).
/// </summary>
public sealed record RetentionRuleText(string Kind, string? Tags = null, int? Count = null, string? Age = null)
{
    private static readonly (string Name, RetentionRuleKind Kind)[] Kinds =
    [
        ("protect", RetentionRuleKind.Protect), ("keep-latest", RetentionRuleKind.KeepLatest), ("keep-recent", RetentionRuleKind.KeepRecent),
        ("remove-untagged", RetentionRuleKind.RemoveUntagged),
    ];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static string KindName(RetentionRuleKind kind) => Kinds.First(k => k.Kind == kind).Name;

    public static RetentionRuleText Of(RetentionRule rule) =>
        new(KindName(rule.Kind), rule.Tags, rule.Count, rule.Age is { } age ? RetentionRule.AgeText(age) : null);

    /// <exception cref="FormatException">Names what is wrong and what is accepted.</exception>
    public RetentionRule ToRule()
    {
        var kind = Kinds.FirstOrDefault(k => string.Equals(k.Name, Kind?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (kind.Name is null) throw new FormatException($"rule kind '{Kind}' is not one of {string.Join(", ", Kinds.Select(k => k.Name))}");
        TimeSpan? age = Age is null ? null : Durations.TryParse(Age, out var parsed) ? parsed
            : throw new FormatException($"age '{Age}' is not a duration; write for example 30d, 2w or 12h");
        var rule = new RetentionRule(kind.Kind, string.IsNullOrWhiteSpace(Tags) ? null : Tags.Trim(), Count, age);
        return rule.Problem() is { } problem ? throw new FormatException(problem) : rule;
    }

    /// <summary>
    /// A rule as one line, as the command line takes and shows it: <c>protect latest|stable</c>, <c>keep-latest 3 4.16.*</c>,
    /// <c>keep-recent 30d [TAGS]</c>, <c>remove-untagged 30d</c> (TAGS may contain spaces: <c>keep-latest 2 &gt;=4.16 &lt;4.17</c>).
    /// </summary>
    /// <exception cref="FormatException">Names what is wrong and what is accepted.</exception>
    public static RetentionRule ParseLine(string line)
    {
        var parts = line.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var kind = parts.Length > 0 ? parts[0] : "";
        var rest = parts.Length > 1 ? parts[1] : null;
        string? First() => rest?.Split(' ', 2)[0];
        string? AfterFirst() => rest?.Split(' ', 2, StringSplitOptions.TrimEntries) is [_, var tail] ? tail : null;
        return kind.ToLowerInvariant() switch
        {
            "protect" => new RetentionRuleText(kind, rest).ToRule(),
            "keep-latest" => new RetentionRuleText(kind, AfterFirst(),
                int.TryParse(First(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count
                    : throw new FormatException($"'{line}': keep-latest takes a count first, as in keep-latest 3 4.16.*")).ToRule(),
            "keep-recent" => new RetentionRuleText(kind, AfterFirst(), Age: First()).ToRule(),
            "remove-untagged" => new RetentionRuleText(kind, AfterFirst(), Age: First()).ToRule(),
            _ => throw new FormatException($"'{line}' is no rule; write protect TAGS, keep-latest N [TAGS], keep-recent AGE [TAGS] or remove-untagged AGE"),
        };
    }

    public static string FormatLine(RetentionRule rule) => rule.Kind switch
    {
        RetentionRuleKind.Protect => $"protect {rule.Tags}",
        RetentionRuleKind.KeepLatest => $"keep-latest {rule.Count}{(rule.Tags is null ? "" : " " + rule.Tags)}",
        _ => $"{KindName(rule.Kind)} {RetentionRule.AgeText(rule.Age ?? TimeSpan.Zero)}{(rule.Tags is null ? "" : " " + rule.Tags)}",
    };

    public static string Serialize(IEnumerable<RetentionRule> rules) => JsonSerializer.Serialize(rules.Select(Of).ToList(), Json);

    public static IReadOnlyList<RetentionRule> Deserialize(string json) =>
        (JsonSerializer.Deserialize<List<RetentionRuleText>>(json, Json) ?? []).Select(r => r.ToRule()).ToList();
}
