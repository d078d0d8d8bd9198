using System.Text.RegularExpressions;

namespace Appliance.Core.Names;

/// <summary>
/// A repository name by the distribution spec grammar, with any number of path components.
/// The grammar admits no '.', '..', empty or absolute components, so a valid name can never
/// address anything outside the registry; names are also never used as file paths.
/// </summary>
public readonly partial record struct RepositoryName
{
    /// <summary>Docker's limit for the whole reference; the name alone stays within it.</summary>
    public const int MaxLength = 255;

    private RepositoryName(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? value, out RepositoryName name)
    {
        name = default;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || !Grammar().IsMatch(value)) return false;
        name = new RepositoryName(value);
        return true;
    }

    public static RepositoryName Parse(string value) =>
        TryParse(value, out var name) ? name : throw new FormatException($"'{value}' is not a valid repository name");

    public override string ToString() => Value;

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
