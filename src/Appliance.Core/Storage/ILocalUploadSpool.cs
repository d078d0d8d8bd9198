namespace Appliance.Core.Storage;

/// <summary>
/// A blob store whose upload spool is a directory of a local filesystem: a file already on that filesystem can become an
/// upload's bytes by a hard link instead of a copy (an import adopting another registry's store), then be hashed, made
/// durable and published like any upload.
/// </summary>
public interface ILocalUploadSpool
{
    /// <returns>False when the file cannot be linked there (another filesystem, or links refused): it must be copied then.</returns>
    bool TryLinkUpload(UploadId id, string file);
}
