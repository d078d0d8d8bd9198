namespace Appliance.Registry.ConsoleApi;

/// <summary>Roles, permissions and principal kinds as the console's JSON writes them: lower-case names, never numbers.</summary>
public static class EnumNames
{
    public static string Of<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <param name="what">the field, for the message</param>
    /// <param name="allowed">the names it may have, for the message</param>
    public static T Parse<T>(string? name, string what, string allowed) where T : struct, Enum =>
        Enum.TryParse<T>(name, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(name, out _)
            ? parsed
            : throw new ArgumentException($"{what} '{name}' is not one of {allowed}");
}
