namespace Appliance.Core.Audit;

/// <summary>The actions the audit trail records, as they appear in it.</summary>
public static class AuditActions
{
    public const string ManifestPush = "manifest.push";
    public const string TagMove = "tag.move";
    public const string ManifestDelete = "manifest.delete";
    public const string TagDelete = "tag.delete";
    public const string BlobDelete = "blob.delete";
    public const string LoginFailure = "login.failure";
    public const string UserAdd = "user.add";
    public const string UserDelete = "user.delete";
    public const string UserRole = "user.role";
    public const string UserPassword = "user.password";
    public const string KeyRotate = "key.rotate";
    public const string GcRun = "gc.run";
    public const string RetentionRun = "retention.run";
    public const string RetentionSet = "retention.set";
    public const string RetentionClear = "retention.clear";
    public const string ImageImport = "image.import";
    public const string CertificateChange = "certificate.change";
    public const string GrantSet = "grant.set";
    public const string GrantRemove = "grant.remove";
    public const string GroupAdd = "group.add";
    public const string GroupDelete = "group.delete";
    public const string GroupMemberAdd = "group.member.add";
    public const string GroupMemberRemove = "group.member.remove";
    public const string RobotAdd = "robot.add";
    public const string RobotRotate = "robot.rotate";
    public const string RobotDelete = "robot.delete";
    public const string RobotUse = "robot.use";
    public const string QuotaSet = "quota.set";
    public const string QuotaClear = "quota.clear";
    /// <summary>A namespace's use crossed its quota's warning or reject level (either way).</summary>
    public const string QuotaState = "quota.state";
    public const string ReleaseMirror = "release.mirror";
    public const string SyncRun = "sync.run";
    public const string SyncJobAdd = "sync.job.add";
    public const string SyncJobRemove = "sync.job.remove";
}
