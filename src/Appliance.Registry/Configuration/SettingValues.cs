using System.Globalization;
using System.Reflection;
using Appliance.Core.Configuration;
using Appliance.Core.Manifests;

namespace Appliance.Registry.Configuration;

/// <summary>
/// Reads every scalar setting (and <c>registry.indexes.platforms</c>) before the options binder does and before anything
/// is created, so that durations and sizes can be written the way admins write them (<c>7d</c>, <c>20GiB</c>) and a value
/// that does not parse is named with its setting and a good example, instead of the binder's message about .NET types.
/// Returns the values rewritten in the forms the binder reads.
/// </summary>
public static class SettingValues
{
    /// <exception cref="FormatException">The first setting whose value does not parse.</exception>
    public static Dictionary<string, string?> Normalize(IConfiguration configuration)
    {
        var rewritten = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (path, property) in SettingNames.ScalarSettings())
        {
            if (configuration[path] is not { } text || string.IsNullOrWhiteSpace(text)) continue;
            // Named as a config file writes it: gc.gracePeriod.
            var setting = $"{path[..(path.LastIndexOf(':') + 1)].Replace(':', '.')}{char.ToLowerInvariant(property.Name[0])}{property.Name[1..]}";
            rewritten[path] = Canonical(text, setting, property);
        }
        // A list, or one word (none, all): checked here with the scalars, before anything is created.
        var platforms = configuration.GetSection($"{RegistryOptions.Section}:indexes:platforms");
        IndexChildPolicy.Parse(platforms.Value is { } word ? [word] : platforms.GetChildren().Select(item => item.Value ?? ""));
        return rewritten;
    }

    private static string Canonical(string text, string setting, PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(TimeSpan)) return Durations.Parse(text, setting).ToString("c", CultureInfo.InvariantCulture);
        if (property.Name.EndsWith("Bytes", StringComparison.Ordinal))
        {
            var bytes = ByteSizes.Parse(text, setting);
            if (type == typeof(int) && bytes > int.MaxValue) throw new FormatException($"{setting}: '{text}' is larger than {ByteSizes.Format(int.MaxValue)}");
            return bytes.ToString(CultureInfo.InvariantCulture);
        }
        if (type == typeof(bool))
        {
            return bool.TryParse(text.Trim(), out var flag) ? flag.ToString() : throw new FormatException($"{setting}: '{text}' is not true or false");
        }
        if (type == typeof(int) || type == typeof(long))
        {
            return long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                   && (type == typeof(long) || number is >= int.MinValue and <= int.MaxValue)
                ? number.ToString(CultureInfo.InvariantCulture)
                : throw new FormatException($"{setting}: '{text}' is not a whole number (for example 10)");
        }
        if (type == typeof(double))
        {
            return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number.ToString(CultureInfo.InvariantCulture)
                : throw new FormatException($"{setting}: '{text}' is not a number (for example 2.5)");
        }
        return text;
    }
}
