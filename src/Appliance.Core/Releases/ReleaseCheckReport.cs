using Appliance.Core.Content;
using Appliance.Core.Names;

namespace Appliance.Core.Releases;

/// <summary>The result of checking a release (one payload, or one per platform of a multi-arch release index).</summary>
public sealed record ReleaseCheckReport(string Reference, RepositoryName Repository, Digest Digest, IReadOnlyList<PayloadCheck> Payloads)
{
    /// <summary>Platforms a multi-arch release index lists whose payload was not mirrored (a sparse index): not checked.</summary>
    public IReadOnlyList<AbsentPayload> AbsentPlatforms { get; init; } = [];

    /// <summary>Every mirrored payload has all its components, and at least one payload is mirrored.</summary>
    public bool IsComplete => Payloads.Count > 0 && Payloads.All(p => p.IsComplete);
}

/// <summary>A platform of a release index whose payload manifest is not in the repository.</summary>
public sealed record AbsentPayload(string Platform, Digest Digest);

/// <summary>One platform's payload: which of its components are in the mirror.</summary>
public sealed record PayloadCheck(string? Platform, Digest Digest, string? Version, int Components, int Present,
    IReadOnlyList<MissingComponent> Missing)
{
    public bool IsComplete => Missing.Count == 0;
}

/// <summary>A component image that is not in its mirror repository: where it comes from and where it was expected.</summary>
public sealed record MissingComponent(string Name, string Source, string Mirror);
