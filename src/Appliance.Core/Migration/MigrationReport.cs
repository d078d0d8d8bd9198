namespace Appliance.Core.Migration;

/// <summary>What a migration run copied and skipped.</summary>
/// <param name="Users">Skipped: users the target had already; their role and password hash are set to the source's.</param>
/// <param name="Robots">Skipped: robot accounts the target had already; their secrets, expiry and role are set to the source's.</param>
/// <param name="Groups">Skipped: local groups the target had already with all their members.</param>
/// <param name="Grants">Skipped: grants the target had already with the same permission.</param>
/// <param name="BlobBytes">Bytes of the blobs copied and of those the target had already.</param>
/// <param name="Tags">Tags set on the target (a tag the target had is moved to the source's manifest).</param>
/// <param name="SourceProblems">
/// Blobs in use whose bytes the source lacks or holds damaged: recorded on the target as they were, so verify reports them
/// there as it would here.
/// </param>
public sealed record MigrationReport(
    CopyCount Users,
    CopyCount Robots,
    CopyCount Groups,
    CopyCount Grants,
    CopyCount Blobs,
    CopyCount BlobBytes,
    long Repositories,
    CopyCount Links,
    CopyCount Manifests,
    long Tags,
    CopyCount AuditEvents,
    IReadOnlyList<string> SourceProblems);
