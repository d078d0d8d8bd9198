using YamlDotNet.RepresentationModel;

namespace Appliance.Registry.Configuration;

/// <summary>
/// Reads a YAML config file into the configuration system as flattened "section:key" values, so
/// YAML, environment variables and flags override each other by the usual precedence.
/// </summary>
public sealed class YamlConfigurationSource(string path) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new YamlConfigurationProvider(path);
}

internal sealed class YamlConfigurationProvider(string path) : ConfigurationProvider
{
    public override void Load()
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            try
            {
                stream.Load(reader);
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new InvalidDataException($"config file {path} is not valid YAML: {e.Message}", e);
            }
        }
        if (stream.Documents.Count > 0) Flatten(stream.Documents[0].RootNode, null, values);
        Data = values;
    }

    private static void Flatten(YamlNode node, string? prefix, IDictionary<string, string?> values)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, child) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value!;
                    Flatten(child, prefix is null ? name : $"{prefix}:{name}", values);
                }
                break;
            case YamlSequenceNode sequence:
                var index = 0;
                foreach (var child in sequence.Children) Flatten(child, $"{prefix}:{index++}", values);
                break;
            case YamlScalarNode scalar when prefix is not null:
                values[prefix] = scalar.Value;
                break;
        }
    }
}
