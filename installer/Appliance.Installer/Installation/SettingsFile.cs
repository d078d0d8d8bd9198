using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Appliance.Installer.Installation;

/// <summary>
/// A flag's small YAML file of <c>key: value</c> settings (the keys of one section of the registry's config). Unknown keys
/// are refused, so a misspelt setting is not silently left at its default; file settings are resolved against the
/// file's directory. Values are never put into messages: they may be close to secrets.
/// </summary>
public sealed class SettingsFile
{
    private readonly string flag;
    private readonly string path;
    private readonly Dictionary<string, string> values;

    private SettingsFile(string flag, string path, Dictionary<string, string> values)
    {
        this.flag = flag;
        this.path = path;
        this.values = values;
    }

    public static SettingsFile Read(string flag, string path, IReadOnlyCollection<string> knownKeys)
    {
        if (!File.Exists(path)) throw new InstallerException($"{flag} {path}: the file does not exist");
        Dictionary<string, string>? values;
        try
        {
            values = new DeserializerBuilder().Build().Deserialize<Dictionary<string, string>?>(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            throw new InstallerException($"{flag} {path}: not a YAML map of settings (line {e.Start.Line}: {e.Message})");
        }
        values ??= [];
        var unknown = values.Keys.Where(key => !knownKeys.Contains(key, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new InstallerException($"{flag} {path}: unknown setting {string.Join(", ", unknown.Select(k => $"'{k}'"))}; the settings are {string.Join(", ", knownKeys)}");
        }
        return new SettingsFile(flag, path, values);
    }

    public string? Optional(string key) => values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public string Required(string key) => Optional(key) ?? throw Invalid(key, "is required");

    public bool Flag(string key, bool defaultValue) => Optional(key) switch
    {
        null => defaultValue,
        var value when bool.TryParse(value, out var parsed) => parsed,
        _ => throw Invalid(key, "must be true or false"),
    };

    /// <summary>A file named by the setting, relative to this file's directory, which must exist and be readable here.</summary>
    public string? ExistingFile(string key)
    {
        if (Optional(key) is not { } name) return null;
        var file = Path.GetFullPath(name, Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            using var _ = File.OpenRead(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(key, $"cannot read {file} ({e.Message})");
        }
        return file;
    }

    public InstallerException Invalid(string key, string problem) => new($"{flag} {path}: {key} {problem}");
}
