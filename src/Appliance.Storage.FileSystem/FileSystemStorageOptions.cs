namespace Appliance.Storage.FileSystem;

/// <summary>
/// Where the filesystem engine keeps blobs, the upload spool and quarantined files (below one directory, so commits are
/// atomic renames), and a single registry its token signing keys.
/// </summary>
public sealed class FileSystemStorageOptions
{
    public string Directory { get; set; } = "data";

    public string BlobsDirectory => Path.Combine(Directory, "blobs");
    public string UploadsDirectory => Path.Combine(Directory, "uploads");
    public string QuarantineDirectory => Path.Combine(Directory, "quarantine");
    public string AuthDirectory => Path.Combine(Directory, "auth");
}
