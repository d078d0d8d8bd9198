using Appliance.Core.Content;
using Appliance.Core.Names;

namespace Appliance.Core.Releases;

/// <summary>The result of checking a release (one payload, or one per platform of a multi-arch release index).</summary>
public sealed record ReleaseCheckReport(string Reference, RepositoryName Repository, Digest Digest, IReadOnlyList<PayloadCheck> Payloads)
{
    public bool IsComplete => Payloads.All(p => p.IsComplete);
}

/// <summary>One platform's payload: which of its components are in the mirror.</summary>
public sealed record PayloadCheck(string? Platform, Digest Digest, string? Version, int Components, int Present,
    IReadOnlyList<MissingComponent> Missing)
{
    /// <summary>Set when the payload itself could not be checked (e.g. an index lists a payload that is not stored).</summary>
    public string? Problem { get; init; }

    public bool IsComplete => Problem is null && Missing.Count == 0;
}

/// <summary>A component image that is not in its mirror repository: where it comes from and where it was expected.</summary>
public sealed record MissingComponent(string Name, string Source, string Mirror);
