namespace Appliance.Core.Storage;

/// <summary>A consistent copy of the metadata, taken by the engine that keeps it, without opening (or migrating) the registry.</summary>
public interface IMetadataBackup
{
    /// <summary>Writes the copy to <paramref name="destinationPath"/>, which must not exist; returns one line saying what was copied.</summary>
    Task<string> BackupAsync(string destinationPath, CancellationToken cancellationToken);
}
