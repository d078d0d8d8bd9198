using Appliance.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Appliance.Storage.Sqlite;

/// <summary>
/// Applies the embedded <c>Migrations/NNN_name.sql</c> scripts in order, each in its own
/// transaction, and records progress in <c>PRAGMA user_version</c>.
/// </summary>
internal static class SchemaMigrator
{
    public static async Task<int> MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var current = await GetVersionAsync(connection, cancellationToken);
        var applied = 0;
        foreach (var (version, sql) in LoadScripts().Where(s => s.Version > current).OrderBy(s => s.Version))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = sql + $"\nPRAGMA user_version = {version};";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            applied++;
        }
        return applied;
    }

    private static async Task<long> GetVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static IEnumerable<(int Version, string Sql)> LoadScripts() => MigrationScripts.Load(typeof(SchemaMigrator).Assembly);
}
