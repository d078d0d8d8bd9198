namespace Appliance.Core.ClusterConfig;

/// <summary>A repository in this registry, and whether it holds tags (so that its mirror can serve pulls by tag too).</summary>
public sealed record MirroredRepository(string Name, bool HasTags);
