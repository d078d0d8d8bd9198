using System.Data.Common;
using Appliance.Core.Names;

namespace Appliance.Storage.Relational;

/// <summary>Repository rows are created on first write and looked up by name everywhere else.</summary>
public static class RepositoryRows
{
    /// <summary>
    /// Without a row lock: on PostgreSQL pushes into one repository run side by side, and a racing creator's row is found
    /// after it commits (the conflict clause). SQLite's one writer never meets the conflict; the statement is the same.
    /// </summary>
    public static async Task<long> EnsureAsync(DbConnection connection, DbTransaction transaction, RepositoryName name,
        long now, CancellationToken cancellationToken)
    {
        var id = await FindIdAsync(connection, name, cancellationToken, transaction);
        if (id is not null) return id.Value;
        return await connection.Command("""
            INSERT INTO repositories (name, created_at) VALUES (@name, @now) ON CONFLICT (name) DO NOTHING RETURNING id
            """, transaction).With("name", name.Value).With("now", now).ScalarInt64Async(cancellationToken)
            ?? (await FindIdAsync(connection, name, cancellationToken, transaction))!.Value;
    }

    public static Task<long?> FindIdAsync(DbConnection connection, RepositoryName name, CancellationToken cancellationToken,
        DbTransaction? transaction = null) =>
        connection.Command("SELECT id FROM repositories WHERE name = @name", transaction)
            .With("name", name.Value).ScalarInt64Async(cancellationToken);
}
