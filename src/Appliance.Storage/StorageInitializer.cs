using Appliance.Core.Storage;
using Appliance.Storage.Sqlite;

namespace Appliance.Storage;

/// <summary>Prepares the data directory and schema before the server takes requests.</summary>
public sealed class StorageInitializer(SqliteDatabase database, IBlobStore blobStore)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await database.InitializeAsync(cancellationToken);
        // Proves the blob directories exist and take writes now, not at the first push.
        await blobStore.ProbeAsync(cancellationToken);
    }
}
