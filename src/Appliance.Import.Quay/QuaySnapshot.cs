namespace Appliance.Import.Quay;

/// <summary>
/// Everything a takeover reads of Quay's database but the manifests' bytes (read one at a time when imported): the
/// identities, the repositories and the live content, i.e. the manifests live tags reach (with index children) and their blobs.
/// </summary>
public sealed class QuaySnapshot
{
    public required string SchemaVersion { get; init; }

    public required IReadOnlyList<QuayUser> Users { get; init; }

    /// <summary>Robot id to the stored (encrypted) token; robots without a token row are absent.</summary>
    public required IReadOnlyDictionary<long, string> RobotTokens { get; init; }

    public required IReadOnlyList<QuayTeam> Teams { get; init; }

    public required IReadOnlyList<QuayRepository> Repositories { get; init; }

    public required IReadOnlyList<QuayPermission> Permissions { get; init; }

    public required IReadOnlyList<QuayTag> Tags { get; init; }

    /// <summary>The manifests live tags reach, directly or as index children, by id.</summary>
    public required IReadOnlyDictionary<long, QuayManifest> Manifests { get; init; }

    /// <summary>
    /// Manifest id to when it was first tagged, in Quay's milliseconds since the epoch: its push time. An index child whose
    /// tag rows Quay's garbage collection removed has none.
    /// </summary>
    public required IReadOnlyDictionary<long, long> PushedMs { get; init; }

    /// <summary>Index id to its children's ids.</summary>
    public required IReadOnlyDictionary<long, IReadOnlyList<long>> Children { get; init; }

    /// <summary>Manifest id to the ids of the blobs it needs (config and layers).</summary>
    public required IReadOnlyDictionary<long, IReadOnlyList<long>> ManifestBlobs { get; init; }

    /// <summary>The blobs the live manifests need, by id.</summary>
    public required IReadOnlyDictionary<long, QuayBlob> Blobs { get; init; }

    /// <summary>What Quay holds that does not move (notifications, build triggers ...): one line each, with the reason.</summary>
    public required IReadOnlyList<string> NotMoved { get; init; }

    public IEnumerable<QuayUser> People => Users.Where(u => !u.IsOrganization && !u.IsRobot);

    public IEnumerable<QuayUser> Robots => Users.Where(u => u.IsRobot);

    public IEnumerable<QuayUser> Organizations => Users.Where(u => u.IsOrganization);
}
