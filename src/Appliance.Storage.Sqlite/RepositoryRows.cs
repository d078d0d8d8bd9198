using Appliance.Core.Names;
using Appliance.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Appliance.Storage.Sqlite;

/// <summary>Repository rows are created on first write and looked up by name everywhere else.</summary>
internal static class RepositoryRows
{
    public static async Task<long> EnsureAsync(SqliteConnection connection, SqliteTransaction transaction, RepositoryName name,
        long now, CancellationToken cancellationToken)
    {
        var id = await FindIdAsync(connection, name, cancellationToken, transaction);
        if (id is not null) return id.Value;
        return (await connection.Command("INSERT INTO repositories (name, created_at) VALUES ($name, $now) RETURNING id", transaction)
            .With("$name", name.Value).With("$now", now).ScalarInt64Async(cancellationToken))!.Value;
    }

    public static Task<long?> FindIdAsync(SqliteConnection connection, RepositoryName name, CancellationToken cancellationToken,
        SqliteTransaction? transaction = null) =>
        connection.Command("SELECT id FROM repositories WHERE name = $name", transaction)
            .With("$name", name.Value).ScalarInt64Async(cancellationToken);
}
