using Appliance.Core.Content;

namespace Appliance.Core.Manifests;

/// <summary>An OCI content descriptor as it appears inside a manifest or index.</summary>
public sealed record Descriptor(string MediaType, Digest Digest, long Size)
{
    /// <summary>Foreign or non-distributable layers carry URLs and are never pushed to a registry.</summary>
    public bool IsExternal { get; init; }
    public string? ArtifactType { get; init; }

    /// <summary>"os/architecture[/variant]" of an index entry that names its platform; null otherwise.</summary>
    public string? Platform { get; init; }
}
