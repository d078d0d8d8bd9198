namespace Appliance.Import.Quay;

/// <summary>
/// What a takeover of a mirror-registry finds and will do, before it does anything; printed by <c>import mirror-registry
/// --dry-run</c> and, as one JSON object (these names in camelCase), by <c>--json</c>, which the installer reads.
/// </summary>
/// <param name="Supported">Whether this reader knows the schema version; nothing is imported otherwise.</param>
/// <param name="Bytes">The blobs' bytes as Quay recorded them.</param>
/// <param name="BytesToCopy">What lands on this registry's disk: nothing when blobs are hard-linked on one filesystem.</param>
/// <param name="UndecryptableRobots">Robot accounts whose token DATABASE_SECRET_KEY does not decrypt: not moved.</param>
/// <param name="NotMoved">What stays behind and why, one line each.</param>
/// <param name="LiveTags">
/// Every live tag as <c>repository:tag@digest</c> that this registry must serve after the import: all but those whose
/// image (or a child of it) needs a blob Quay lacks too. The installer checks the taken-over registry against these.
/// </param>
public sealed record QuayPlan(
    string? SchemaVersion,
    bool Supported,
    string? ServerHostname,
    int Users,
    int Robots,
    int Organizations,
    int Repositories,
    int Tags,
    int Manifests,
    int Blobs,
    long Bytes,
    long BytesToCopy,
    IReadOnlyList<string> UndecryptableRobots,
    IReadOnlyList<QuayMissingBlob> MissingBlobs,
    IReadOnlyList<string> NotMoved,
    IReadOnlyList<string> LiveTags);

/// <summary>A blob live images need that is not in Quay's storage as recorded, and the images (repository:tag or @digest) needing it.</summary>
public sealed record QuayMissingBlob(string Digest, string Reason, IReadOnlyList<string> Images);
