using Appliance.Core.ClusterConfig;
using YamlDotNet.RepresentationModel;

namespace Appliance.Registry.Cli;

/// <summary>
/// ImageContentSourcePolicy documents in a YAML file (one or many, <c>---</c> separated); other kinds are skipped.
/// Parsed with YamlDotNet: files from older releases may use any YAML style, unlike the fixed shapes we write.
/// </summary>
public static class IcspFiles
{
    public sealed record Policy(string Name, IReadOnlyList<MirrorEntry> Entries);

    public static IReadOnlyList<Policy> Read(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InvalidDataException($"{path} is not valid YAML: {e.Message}", e);
        }
        var policies = new List<Policy>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root || Text(root, "kind") != "ImageContentSourcePolicy") continue;
            var name = Child(root, "metadata") is YamlMappingNode metadata ? Text(metadata, "name") : null;
            var entries = (Child(root, "spec") is YamlMappingNode spec ? Child(spec, "repositoryDigestMirrors") as YamlSequenceNode : null)?
                .OfType<YamlMappingNode>()
                .Select(e => new MirrorEntry(
                    Text(e, "source") ?? throw new InvalidDataException($"{path}: a repositoryDigestMirrors entry has no source"),
                    (Child(e, "mirrors") as YamlSequenceNode)?.OfType<YamlScalarNode>().Select(m => m.Value!).ToList() ?? []))
                .ToList() ?? [];
            policies.Add(new Policy(name ?? throw new InvalidDataException($"{path}: an ImageContentSourcePolicy has no metadata.name"), entries));
        }
        return policies;
    }

    private static YamlNode? Child(YamlMappingNode node, string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Text(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;
}
