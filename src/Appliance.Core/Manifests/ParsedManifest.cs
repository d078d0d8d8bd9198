using Appliance.Core.Content;

namespace Appliance.Core.Manifests;

/// <summary>What the registry needs to know about a pushed manifest; the pushed bytes stay authoritative.</summary>
public sealed record ParsedManifest(
    string MediaType,
    IReadOnlyList<Descriptor> Blobs,
    IReadOnlyList<Descriptor> Children,
    Digest? Subject,
    string? ArtifactType,
    string? AnnotationsJson)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    /// <summary>
    /// The children that must be in the repository before the index is stored; the others may come later or never (a
    /// sparse index). All of them unless <see cref="IndexChildPolicy"/> says otherwise.
    /// </summary>
    public IReadOnlyList<Descriptor> RequiredChildren { get; init; } = Children;
}
