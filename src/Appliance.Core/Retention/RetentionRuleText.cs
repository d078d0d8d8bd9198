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
        new(KindName(rule.Kind), rule.Tags, rule.Count, rule.Age is { } age ? Durations.Format(age) : null);

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

    public static string Serialize(IEnumerable<RetentionRule> rules) => JsonSerializer.Serialize(rules.Select(Of).ToList(), Json);

    public static IReadOnlyList<RetentionRule> Deserialize(string json) =>
        (JsonSerializer.Deserialize<List<RetentionRuleText>>(json, Json) ?? []).Select(r => r.ToRule()).ToList();
}
