namespace Appliance.Import.Quay;

/// <summary>
/// The alembic revisions of Quay's schema this reader knows (what its queries were written against, from quay/quay's
/// <c>data/database.py</c> and <c>data/migrations/versions</c>). Any other is refused before anything is stopped or read.
/// </summary>
public static class QuaySchemaVersions
{
    /// <summary>The head of Quay 3.12.0 to 3.12.18, the Quay of mirror-registry 2.0.0 to 2.0.7 ("add artifact_type column").</summary>
    public const string MirrorRegistry2 = "3f8d7acdf7f9";

    public static bool IsSupported(string? version) => version == MirrorRegistry2;
}
