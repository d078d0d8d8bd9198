namespace Appliance.Storage;

/// <summary>Where the registry keeps its data; bound from the <c>storage</c> section of the config.</summary>
public sealed class StorageOptions
{
    public const string Section = "storage";

    /// <summary>Root of blobs, upload spool and database; one filesystem so commits are atomic renames.</summary>
    public string DataDirectory { get; set; } = "data";

    public string BlobsDirectory => Path.Combine(DataDirectory, "blobs");
    public string UploadsDirectory => Path.Combine(DataDirectory, "uploads");
    public string DatabasePath => Path.Combine(DataDirectory, "registry.db");
    public string QuarantineDirectory => Path.Combine(DataDirectory, "quarantine");
}
