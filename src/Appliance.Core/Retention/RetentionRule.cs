using Appliance.Core.Tags;

namespace Appliance.Core.Retention;

public enum RetentionRuleKind
{
    /// <summary>Never touch a tag matching <see cref="RetentionRule.Tags"/> (nor its image).</summary>
    Protect,

    /// <summary>Keep the <see cref="RetentionRule.Count"/> most recently pushed tags matching <see cref="RetentionRule.Tags"/>.</summary>
    KeepLatest,

    /// <summary>Keep tags matching <see cref="RetentionRule.Tags"/> pushed or pulled within <see cref="RetentionRule.Age"/>.</summary>
    KeepRecent,

    /// <summary>Remove untagged manifests pushed (and not pulled) within the last <see cref="RetentionRule.Age"/>.</summary>
    RemoveUntagged,
}

/// <summary>One rule of a policy; which fields it uses depends on its kind.</summary>
/// <param name="Tags">A <see cref="TagPattern"/>; null: every tag.</param>
public sealed record RetentionRule(RetentionRuleKind Kind, string? Tags = null, int? Count = null, TimeSpan? Age = null)
{
    /// <summary>An age as people write retention ages: whole days in days (<c>30d</c>, not 4w2d), anything else as <see cref="Configuration.Durations"/> does.</summary>
    public static string AgeText(TimeSpan age) =>
        age > TimeSpan.Zero && age.Ticks % TimeSpan.TicksPerDay == 0 ? $"{age.Ticks / TimeSpan.TicksPerDay}d" : Configuration.Durations.Format(age);

    /// <summary>What the rule does, in the words the dry run uses.</summary>
    public string Describe() => Kind switch
    {
        RetentionRuleKind.Protect => $"protect tags {Tags ?? "(all)"}",
        RetentionRuleKind.KeepLatest => $"keep the {Count} most recently pushed tags {Tags ?? "(all)"}",
        RetentionRuleKind.KeepRecent => $"keep tags {Tags ?? "(all)"} pushed or pulled within {AgeText(Age ?? TimeSpan.Zero)}",
        _ => $"remove untagged manifests older than {AgeText(Age ?? TimeSpan.Zero)}",
    };

    /// <summary>Why the rule cannot be used, or null.</summary>
    public string? Problem()
    {
        if (Tags is not null && !TagPattern.TryParse(Tags, out _, out var error)) return $"tags '{Tags}': {error}";
        return Kind switch
        {
            RetentionRuleKind.Protect when Tags is null => "a protect rule needs a tag pattern",
            RetentionRuleKind.KeepLatest when Count is not > 0 => "keep-latest needs a count of at least 1",
            RetentionRuleKind.KeepRecent or RetentionRuleKind.RemoveUntagged when Age is not { } age || age <= TimeSpan.Zero =>
                $"{Kind} needs an age such as 30d",
            RetentionRuleKind.RemoveUntagged when Tags is not null => "remove-untagged applies to untagged manifests: it takes no tag pattern",
            _ => null,
        };
    }
}
