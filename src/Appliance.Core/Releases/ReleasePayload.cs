using Appliance.Core.Content;

namespace Appliance.Core.Releases;

/// <summary>What a release image says about itself: its version and every component image it needs.</summary>
public sealed record ReleasePayload(string Version, IReadOnlyList<ReleaseComponent> Components);

/// <summary>One <c>spec.tags[]</c> entry of <c>release-manifests/image-references</c>: name and where the image comes from.</summary>
public sealed record ReleaseComponent(string Name, string SourceRepository, Digest Digest)
{
    public string SourceReference => $"{SourceRepository}@{Digest}";
}
