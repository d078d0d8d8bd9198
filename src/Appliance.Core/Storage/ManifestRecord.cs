namespace Appliance.Core.Storage;

/// <summary>A manifest with everything its store keeps about it besides what its bytes say: what migration copies.</summary>
/// <param name="EverListedByIndex">
/// An index of the repository listed it at some time: garbage collection takes such a manifest once no index lists it and no
/// tag names it, so the flag must survive a copy even when that index is gone.
/// </param>
public sealed record ManifestRecord(StoredManifest Manifest, DateTimeOffset PushedAt, bool EverListedByIndex, IReadOnlyList<TagRecord> Tags);

public sealed record TagRecord(string Name, DateTimeOffset UpdatedAt);
