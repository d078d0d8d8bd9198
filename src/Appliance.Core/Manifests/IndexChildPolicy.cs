namespace Appliance.Core.Manifests;

/// <summary>
/// Which children of a pushed index or manifest list must already be in the repository (<c>registry.indexes.platforms</c>,
/// modelled on distribution's <c>validation.manifests.indexes.platforms</c>). oc-mirror v2 filters platforms by pushing
/// the original multi-arch index intact with only the chosen platforms' manifests: a sparse index. So by default none
/// is required; <c>all</c> requires every child, a list of platforms (<c>linux/amd64</c>) requires the children of those.
/// Image manifests always need every blob they name; that is not this policy's concern.
/// </summary>
public sealed class IndexChildPolicy
{
    public const string None = "none";
    public const string All = "all";

    private readonly bool _all;
    private readonly IReadOnlyList<string[]> _platforms;

    private IndexChildPolicy(bool all, IReadOnlyList<string[]> platforms)
    {
        _all = all;
        _platforms = platforms;
    }

    public static IndexChildPolicy RequireNone { get; } = new(false, []);

    /// <param name="values"><c>none</c> (or nothing), <c>all</c>, or platforms <c>os/architecture[/variant]</c>.</param>
    /// <exception cref="FormatException">A value that is none of these, named with the setting.</exception>
    public static IndexChildPolicy Parse(IEnumerable<string> values)
    {
        var list = values.Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        if (list.Count == 0 || list is [var single] && single.Equals(None, StringComparison.OrdinalIgnoreCase)) return RequireNone;
        if (list is [var only] && only.Equals(All, StringComparison.OrdinalIgnoreCase)) return new IndexChildPolicy(true, []);
        var platforms = new List<string[]>();
        foreach (var value in list)
        {
            var parts = value.ToLowerInvariant().Split('/');
            if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
            {
                throw new FormatException(
                    $"registry.indexes.platforms: '{value}' is not 'none', 'all' or a platform os/architecture[/variant] (for example linux/amd64)");
            }
            platforms.Add(parts);
        }
        return new IndexChildPolicy(false, platforms);
    }

    /// <summary>The children of <paramref name="parsed"/> that must be present before it is stored.</summary>
    public IReadOnlyList<Descriptor> RequiredChildren(ParsedManifest parsed) =>
        _all ? parsed.Children : parsed.Children.Where(c => c.Platform is { } platform && _platforms.Any(p => Matches(p, platform))).ToList();

    /// <summary><c>linux/arm64</c> asks for every arm64 variant; <c>linux/arm64/v8</c> for that variant only.</summary>
    private static bool Matches(string[] wanted, string platform)
    {
        var actual = platform.ToLowerInvariant().Split('/');
        if (actual.Length < 2 || actual[0] != wanted[0] || actual[1] != wanted[1]) return false;
        return wanted.Length == 2 || actual.Length == 3 && actual[2] == wanted[2];
    }
}
