namespace Appliance.Core.ClusterConfig;

/// <summary>The generated files (name to content, in the order README.txt lists them), the mapping and what it misses.</summary>
public sealed record ClusterConfigResult(
    IReadOnlyDictionary<string, string> Files,
    IReadOnlyList<MirrorRule> Rules,
    IReadOnlyList<string> UncoveredRepositories);
