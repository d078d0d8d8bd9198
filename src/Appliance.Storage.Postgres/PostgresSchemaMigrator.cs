using Appliance.Storage.Relational;
using Npgsql;

namespace Appliance.Storage.Postgres;

/// <summary>
/// Applies the embedded <c>Migrations/NNN_name.sql</c> scripts in order and records them in <c>schema_version</c>, all in
/// one transaction under a transaction-scoped advisory lock: replicas starting together queue on the lock, and the
/// second finds the work done. A schema newer than this build's scripts is left as it is and not refused: during a
/// rolling upgrade, and after one replica's upgrade is rolled back, the previous version runs on the schema the new one
/// migrated. Scripts must therefore only add (tables, columns with defaults, indexes) what the previous version can ignore.
/// </summary>
internal static class PostgresSchemaMigrator
{
    /// <summary>Any constant the registry uses for nothing else: "APPLMIGR" in ASCII.</summary>
    private const long MigrationLock = 0x4150_504C_4D49_4752;

    public static async Task<int> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.Command("SELECT pg_advisory_xact_lock(@key)", transaction).With("key", MigrationLock).ExecuteAsync(cancellationToken);
        await connection.Command("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", transaction)
            .ExecuteAsync(cancellationToken);
        var current = await connection.Command("SELECT coalesce(max(version), 0) FROM schema_version", transaction)
            .ScalarInt64Async(cancellationToken) ?? 0;
        var applied = 0;
        foreach (var (version, sql) in LoadScripts().Where(s => s.Version > current).OrderBy(s => s.Version))
        {
            await connection.Command(sql, transaction).ExecuteAsync(cancellationToken);
            await connection.Command("INSERT INTO schema_version (version, applied_at) VALUES (@version, @now)", transaction)
                .With("version", version).With("now", DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ExecuteAsync(cancellationToken);
            applied++;
        }
        await transaction.CommitAsync(cancellationToken);
        return applied;
    }

    /// <summary>The schema version this build migrates to.</summary>
    public static int LatestVersion => LoadScripts().Max(s => s.Version);

    /// <summary>The version the database's schema is at, or null for a database the registry never started on; reads only.</summary>
    public static async Task<int?> CurrentVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (await connection.Command("SELECT to_regclass('schema_version') IS NOT NULL").ScalarBoolAsync(cancellationToken) is not true) return null;
        return (int)(await connection.Command("SELECT coalesce(max(version), 0) FROM schema_version").ScalarInt64Async(cancellationToken) ?? 0);
    }

    private static IEnumerable<(int Version, string Sql)> LoadScripts() => MigrationScripts.Load(typeof(PostgresSchemaMigrator).Assembly);
}
