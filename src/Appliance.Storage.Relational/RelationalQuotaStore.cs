using Appliance.Core.Quotas;

namespace Appliance.Storage.Relational;

/// <summary>
/// Quotas and the namespaces' use. The use is kept by the engine's triggers on repository_blobs (SQLite migration 011,
/// PostgreSQL 005); this store only reads it, and records which state was announced.
/// </summary>
public sealed class RelationalQuotaStore(IRelationalDatabase database, TimeProvider clock) : IQuotaStore
{
    public async Task<IReadOnlyList<NamespaceQuota>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("SELECT namespace, limit_bytes, warn_percent, reject_percent FROM quotas ORDER BY namespace");
        return await command.ReadAllAsync(reader => new NamespaceQuota(reader.GetString(0),
            new Quota(reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3))), cancellationToken);
    }

    /// <summary>The update's WHERE leaves an unchanged quota untouched, so both engines count no row.</summary>
    public Task<bool> SetAsync(NamespaceQuota quota, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command("""
                    INSERT INTO quotas (namespace, limit_bytes, warn_percent, reject_percent, updated_at) VALUES (@namespace, @limit, @warn, @reject, @now)
                    ON CONFLICT (namespace) DO UPDATE SET limit_bytes = excluded.limit_bytes, warn_percent = excluded.warn_percent,
                        reject_percent = excluded.reject_percent, updated_at = excluded.updated_at
                    WHERE quotas.limit_bytes <> excluded.limit_bytes OR quotas.warn_percent <> excluded.warn_percent
                       OR quotas.reject_percent <> excluded.reject_percent
                    """, transaction)
                .With("namespace", quota.Namespace).With("limit", quota.Quota.LimitBytes).With("warn", quota.Quota.WarnPercent)
                .With("reject", quota.Quota.RejectPercent).With("now", clock.GetUtcNow().ToUnixTimeSeconds())
                .ExecuteAsync(cancellationToken) > 0,
            cancellationToken);

    public Task<bool> RemoveAsync(string @namespace, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command("DELETE FROM quotas WHERE namespace = @namespace", transaction).With("namespace", @namespace)
                .ExecuteAsync(cancellationToken) > 0,
            cancellationToken);

    public async Task<IReadOnlyList<NamespaceUsage>> ListUsageAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("SELECT namespace, used_bytes, announced_state FROM namespace_usage ORDER BY namespace");
        return await command.ReadAllAsync(reader => new NamespaceUsage(reader.GetString(0), reader.GetInt64(1), (QuotaState)reader.GetInt32(2)),
            cancellationToken);
    }

    public async Task<long> ReadUsageAsync(string @namespace, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        return await connection.Command("SELECT used_bytes FROM namespace_usage WHERE namespace = @namespace").With("namespace", @namespace)
            .ScalarInt64Async(cancellationToken) ?? 0;
    }

    /// <summary>A namespace without blobs has no row yet: the insert makes one, at no use.</summary>
    public Task<bool> MarkAnnouncedAsync(string @namespace, QuotaState state, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command("""
                    INSERT INTO namespace_usage (namespace, used_bytes, announced_state) VALUES (@namespace, 0, @state)
                    ON CONFLICT (namespace) DO UPDATE SET announced_state = excluded.announced_state
                    WHERE namespace_usage.announced_state <> excluded.announced_state
                    """, transaction)
                .With("namespace", @namespace).With("state", (int)state).ExecuteAsync(cancellationToken) > 0,
            cancellationToken);
}
