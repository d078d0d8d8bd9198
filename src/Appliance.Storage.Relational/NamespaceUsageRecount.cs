using System.Data.Common;

namespace Appliance.Storage.Relational;

/// <summary>
/// Recomputes the namespaces' link counts and use from repository_blobs, inside the caller's write transaction (which must
/// keep links from changing the counts meanwhile: SQLite's one writer does, PostgreSQL locks the two tables first).
/// </summary>
public static class NamespaceUsageRecount
{
    /// <returns>How many namespaces had a use other than the recomputed one.</returns>
    public static async Task<int> RunAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await connection.Command("DELETE FROM namespace_blobs", transaction).ExecuteAsync(cancellationToken);
        await connection.Command("""
            INSERT INTO namespace_blobs (namespace, digest, links)
            SELECT r.namespace, rb.digest, count(*) FROM repository_blobs rb JOIN repositories r ON r.id = rb.repository_id
            GROUP BY r.namespace, rb.digest
            """, transaction).ExecuteAsync(cancellationToken);
        const string Recounted = """
            coalesce((SELECT CAST(sum(b.size) AS BIGINT) FROM namespace_blobs nb JOIN blobs b ON b.digest = nb.digest
                      WHERE nb.namespace = namespace_usage.namespace), 0)
            """;
        var corrected = await connection.Command($"UPDATE namespace_usage SET used_bytes = {Recounted} WHERE used_bytes <> {Recounted}", transaction)
            .ExecuteAsync(cancellationToken);
        return corrected + await connection.Command("""
            INSERT INTO namespace_usage (namespace, used_bytes)
            SELECT nb.namespace, CAST(sum(b.size) AS BIGINT) FROM namespace_blobs nb JOIN blobs b ON b.digest = nb.digest
            WHERE NOT EXISTS (SELECT 1 FROM namespace_usage u WHERE u.namespace = nb.namespace)
            GROUP BY nb.namespace
            """, transaction).ExecuteAsync(cancellationToken);
    }
}
