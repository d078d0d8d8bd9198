namespace Appliance.Core.Identity;

/// <summary>
/// The namespace side of a grant: a namespace name (<c>ocp4</c>), a prefix pattern ending in one '*' (<c>team-*</c>), or
/// <c>*</c> for every namespace. Nothing else: a '*' in the middle would make "which grants reach this namespace" a
/// question an admin cannot answer by reading the list.
/// </summary>
public static class NamespacePattern
{
    public const string Everything = "*";

    public static bool IsValid(string pattern)
    {
        if (pattern == Everything) return true;
        var name = pattern.EndsWith('*') ? pattern[..^1] : pattern;
        return name.Length is > 0 and <= 255 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');
    }

    public static bool Matches(string pattern, string @namespace) =>
        pattern.EndsWith('*') ? @namespace.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal) : pattern == @namespace;

    /// <summary>The namespace of a repository: its first path component ("" for the catalog or the registry itself).</summary>
    public static string Of(string repository)
    {
        var slash = repository.IndexOf('/');
        return slash < 0 ? repository : repository[..slash];
    }
}
