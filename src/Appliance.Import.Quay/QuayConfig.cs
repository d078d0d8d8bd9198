using YamlDotNet.RepresentationModel;

namespace Appliance.Import.Quay;

/// <summary>What a takeover needs of Quay's <c>config.yaml</c>: the name clusters use, the field encryption key, the superusers.</summary>
public sealed record QuayConfig(string? ServerHostname, string? DatabaseSecretKey, IReadOnlyList<string> SuperUsers)
{
    public const string FileName = "config.yaml";

    /// <exception cref="InvalidDataException">The file is missing or no YAML mapping.</exception>
    public static QuayConfig Read(string configDirectory)
    {
        var path = Path.Combine(configDirectory, FileName);
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: not found (is --quay-config the directory holding Quay's config.yaml?)");
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"{path}: not YAML ({e.Message})", e);
        }
        if (yaml.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode root) throw new InvalidDataException($"{path}: not a YAML mapping");
        string? Scalar(string key) => root.Children.TryGetValue(key, out var node) && node is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;
        var superUsers = root.Children.TryGetValue("SUPER_USERS", out var list) && list is YamlSequenceNode sequence
            ? sequence.Children.OfType<YamlScalarNode>().Select(n => n.Value).OfType<string>().ToList()
            : [];
        return new QuayConfig(Scalar("SERVER_HOSTNAME"), Scalar("DATABASE_SECRET_KEY"), superUsers);
    }
}
