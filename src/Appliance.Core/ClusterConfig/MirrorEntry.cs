namespace Appliance.Core.ClusterConfig;

/// <summary>One <c>source</c> with its <c>mirrors</c>, as in imageDigestMirrors, imageTagMirrors and repositoryDigestMirrors.</summary>
public sealed record MirrorEntry(string Source, IReadOnlyList<string> Mirrors);
