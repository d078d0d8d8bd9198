using Appliance.Core.Audit;
using Appliance.Storage.Relational;

namespace Appliance.Storage.Sqlite;

public sealed class SqliteAuditLog(SqliteDatabase database) : IAuditLog
{
    public Task RecordAsync(IReadOnlyList<AuditEvent> entries, CancellationToken cancellationToken) =>
        Backend.ReachAsync(database.Setting, () => database.WriteAsync(async (connection, transaction) =>
        {
            foreach (var entry in entries)
            {
                await connection.Command("""
                    INSERT INTO audit_events (time, action, user, client_address, repository, digest, detail)
                    VALUES ($time, $action, $user, $address, $repository, $digest, $detail)
                    """, transaction)
                    .With("$time", entry.Time.ToUnixTimeMilliseconds()).With("$action", entry.Action).With("$user", entry.User)
                    .With("$address", entry.ClientAddress).With("$repository", entry.Repository).With("$digest", entry.Digest)
                    .With("$detail", entry.Detail).ExecuteAsync(cancellationToken);
            }
            return entries.Count;
        }, cancellationToken));

    public async Task<IReadOnlyList<AuditEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT time, action, user, client_address, repository, digest, detail FROM audit_events
            WHERE ($since IS NULL OR time >= $since) AND ($user IS NULL OR user = $user)
              AND ($repository IS NULL OR repository = $repository) AND ($action IS NULL OR action = $action)
            ORDER BY time DESC, id DESC LIMIT $limit
            """).With("$since", query.Since?.ToUnixTimeMilliseconds()).With("$user", query.User).With("$repository", query.Repository)
            .With("$action", query.Action).With("$limit", query.Limit);
        return await command.ReadAllAsync(CommonRows.AuditEvent, cancellationToken);
    }

    public async IAsyncEnumerable<AuditEvent> ListAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("SELECT time, action, user, client_address, repository, digest, detail FROM audit_events ORDER BY id");
        await foreach (var entry in command.StreamAsync(CommonRows.AuditEvent, cancellationToken)) yield return entry;
    }

    public Task<int> ImportAsync(IReadOnlyList<AuditEvent> entries, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var added = 0;
            foreach (var entry in entries)
            {
                // IS compares NULLs as equal, so an event without a user or repository is found again too.
                added += await connection.Command("""
                    INSERT INTO audit_events (time, action, user, client_address, repository, digest, detail)
                    SELECT $time, $action, $user, $address, $repository, $digest, $detail
                    WHERE NOT EXISTS (SELECT 1 FROM audit_events WHERE time = $time AND action = $action AND user IS $user
                        AND client_address IS $address AND repository IS $repository AND digest IS $digest AND detail IS $detail)
                    """, transaction)
                    .With("$time", entry.Time.ToUnixTimeMilliseconds()).With("$action", entry.Action).With("$user", entry.User)
                    .With("$address", entry.ClientAddress).With("$repository", entry.Repository).With("$digest", entry.Digest)
                    .With("$detail", entry.Detail).ExecuteAsync(cancellationToken);
            }
            return added;
        }, cancellationToken);

    public Task<int> DeleteBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection.Command("DELETE FROM audit_events WHERE time < $before", transaction)
            .With("$before", before.ToUnixTimeMilliseconds()).ExecuteAsync(cancellationToken), cancellationToken);
}
