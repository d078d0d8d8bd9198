using Appliance.Core.Content;

namespace Appliance.Core.Releases;

/// <summary>
/// An OpenShift release image found in this registry, and whether every component it names is here (see
/// <see cref="ReleaseCatalog"/>). <see cref="Problem"/> says why a release could not be checked (its own content is damaged).
/// </summary>
public sealed record StoredRelease(string Repository, Digest Digest, IReadOnlyList<string> Tags, DateTimeOffset PushedAt, string? Version,
    IReadOnlyList<string> Architectures, int Components, int Present, bool IsComplete, string ComponentRepository, string? Problem);
