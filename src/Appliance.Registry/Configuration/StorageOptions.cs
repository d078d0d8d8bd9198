namespace Appliance.Registry.Configuration;

/// <summary>Where the registry keeps its data; bound from the <c>storage</c> section of the config.</summary>
public sealed class StorageOptions
{
    public const string Section = "storage";

    /// <summary>Where blobs live: <c>filesystem</c> (the data directory) or <c>s3</c> (an object store, <c>storage.s3</c>).</summary>
    public string Driver { get; set; } = "filesystem";

    /// <summary>Root of database, TLS files and (with the filesystem driver) blobs and upload spool: one filesystem so commits are atomic renames.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The SQLite engine's database, when <c>metadata.driver</c> is <c>sqlite</c>.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "registry.db");
}
