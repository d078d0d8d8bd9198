using Appliance.Core.Storage;

namespace Appliance.Storage.Postgres;

/// <summary>The database is shared by every replica and backed up by its own tools: the registry copies nothing.</summary>
public sealed class PostgresMetadataBackup : IMetadataBackup
{
    public Task<string> BackupAsync(string destinationPath, CancellationToken cancellationToken) =>
        throw new InvalidDataException(
            $"backup copies the SQLite database; the metadata is in PostgreSQL ({PostgresOptions.Section}.driver postgres): use pg_dump");
}
