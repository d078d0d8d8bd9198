using System.Text.RegularExpressions;

namespace Appliance.Core.Names;

/// <summary>A tag by the distribution spec grammar: up to 128 characters, no leading '.' or '-'.</summary>
public static partial class Tag
{
    public static bool IsValid(string? value) => value is not null && Grammar().IsMatch(value);

    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
