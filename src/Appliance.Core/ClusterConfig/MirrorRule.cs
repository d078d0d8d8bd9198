namespace Appliance.Core.ClusterConfig;

/// <summary>
/// One source and its mirror in this registry, with how clients may use it: by digest always, by tag only when the
/// mirrored repositories under it hold tags (a tag mirror can serve content that differs from the source's).
/// </summary>
public sealed record MirrorRule(string Source, string Mirror, bool ByTag);
