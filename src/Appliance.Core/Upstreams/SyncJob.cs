namespace Appliance.Core.Upstreams;

/// <summary>
/// A sync job: keep <paramref name="Repositories"/> (local repository names, or <c>PREFIX/*</c> for the repositories of this
/// registry under a prefix) copied from the upstreams they mirror, every <paramref name="Interval"/>. Of each repository's
/// upstream tags, those matching <paramref name="TagPattern"/> (a <see cref="Tags.TagPattern"/>: a version range such as
/// <c>4.16.*</c>, or else a regular expression for the whole tag) and <paramref name="VersionRange"/> (a version range only:
/// <c>4.16.*</c>, <c>&gt;=4.16.0 &lt;4.17.0</c>) are copied, each when given; an index with the children for
/// <paramref name="Platforms"/> (all when empty).
/// </summary>
public sealed record SyncJob(string Name, IReadOnlyList<string> Repositories, string? TagPattern, string? VersionRange,
    IReadOnlyList<string> Platforms, TimeSpan Interval, DateTimeOffset CreatedAt)
{
    /// <summary>Which upstream tags the job copies: those both filters match (every tag when neither is given).</summary>
    /// <exception cref="FormatException">A filter that does not parse (<see cref="Validate"/> refuses such a job).</exception>
    public Func<string, bool> TagFilter()
    {
        var tags = Filter("tags", TagPattern);
        var versions = Filter("version range", VersionRange);
        if (!versions.IsVersionRange) throw new FormatException($"version range '{VersionRange}' is not a comparator (or several) such as 4.16.*, >=4.16.0 <4.17.0 or 4.16.3");
        return tag => tags.Matches(tag) && versions.Matches(tag);
    }

    private static Tags.TagPattern Filter(string what, string? text) =>
        string.IsNullOrWhiteSpace(text) ? Tags.TagPattern.Everything
        : Tags.TagPattern.TryParse(text, out var pattern, out var error) ? pattern : throw new FormatException($"{what} '{text}': {error}");

    /// <summary>Refuses a job that could never run: a bad name, repository, filter, platform or interval.</summary>
    /// <exception cref="FormatException">Names what is wrong.</exception>
    public void Validate()
    {
        if (Name.Length is 0 or > 64 || !Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
        {
            throw new FormatException($"sync job name '{Name}' must be 1-64 of a-z, 0-9, '-', '_' and '.'");
        }
        if (Repositories.Count == 0) throw new FormatException("a sync job needs at least one repository");
        foreach (var repository in Repositories)
        {
            var name = repository.EndsWith("/*", StringComparison.Ordinal) ? repository[..^2] : repository;
            if (!Names.RepositoryName.TryParse(name, out _)) throw new FormatException($"'{repository}' is not a repository name (or PREFIX/*)");
        }
        TagFilter();
        if (Platforms.Count > 0) Manifests.IndexChildPolicy.Parse(Platforms);
        if (Interval < TimeSpan.FromMinutes(1)) throw new FormatException($"sync job interval {Interval} is shorter than a minute");
    }
}
