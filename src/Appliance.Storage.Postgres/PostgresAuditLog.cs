using Appliance.Core.Audit;
using Appliance.Storage.Relational;

namespace Appliance.Storage.Postgres;

public sealed class PostgresAuditLog(PostgresDatabase database) : IAuditLog
{
    public Task RecordAsync(IReadOnlyList<AuditEvent> entries, CancellationToken cancellationToken) =>
        Backend.ReachAsync(database.Setting, () => database.WriteAsync((connection, transaction) =>
            // One statement for the whole batch: the writer flushes events in batches.
            connection.Command("""
                INSERT INTO audit_events (time, action, "user", client_address, repository, digest, detail)
                SELECT * FROM unnest(@time::bigint[], @action::text[], @user::text[], @address::text[], @repository::text[], @digest::text[], @detail::text[])
                """, transaction)
                .With("time", entries.Select(e => e.Time.ToUnixTimeMilliseconds()).ToArray())
                .With("action", entries.Select(e => e.Action).ToArray()).With("user", entries.Select(e => e.User).ToArray())
                .With("address", entries.Select(e => e.ClientAddress).ToArray()).With("repository", entries.Select(e => e.Repository).ToArray())
                .With("digest", entries.Select(e => e.Digest).ToArray()).With("detail", entries.Select(e => e.Detail).ToArray())
                .ExecuteAsync(cancellationToken), cancellationToken));

    public async Task<IReadOnlyList<AuditEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT time, action, "user", client_address, repository, digest, detail FROM audit_events
            WHERE (@since::bigint IS NULL OR time >= @since) AND (@user::text IS NULL OR "user" = @user)
              AND (@repository::text IS NULL OR repository = @repository) AND (@action::text IS NULL OR action = @action)
            ORDER BY time DESC, id DESC LIMIT @limit
            """).With("since", query.Since?.ToUnixTimeMilliseconds()).With("user", query.User).With("repository", query.Repository)
            .With("action", query.Action).With("limit", query.Limit);
        return await command.ReadAllAsync(CommonRows.AuditEvent, cancellationToken);
    }

    public async IAsyncEnumerable<AuditEvent> ListAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT time, action, "user", client_address, repository, digest, detail FROM audit_events ORDER BY id
            """);
        await foreach (var entry in command.StreamAsync(CommonRows.AuditEvent, cancellationToken)) yield return entry;
    }

    public Task<int> ImportAsync(IReadOnlyList<AuditEvent> entries, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) =>
            connection.Command("""
                INSERT INTO audit_events (time, action, "user", client_address, repository, digest, detail)
                SELECT * FROM unnest(@time::bigint[], @action::text[], @user::text[], @address::text[], @repository::text[], @digest::text[], @detail::text[])
                    AS e(time, action, "user", client_address, repository, digest, detail)
                WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.time = e.time AND a.action = e.action
                    AND a."user" IS NOT DISTINCT FROM e."user" AND a.client_address IS NOT DISTINCT FROM e.client_address
                    AND a.repository IS NOT DISTINCT FROM e.repository AND a.digest IS NOT DISTINCT FROM e.digest
                    AND a.detail IS NOT DISTINCT FROM e.detail)
                """, transaction)
                .With("time", entries.Select(e => e.Time.ToUnixTimeMilliseconds()).ToArray())
                .With("action", entries.Select(e => e.Action).ToArray()).With("user", entries.Select(e => e.User).ToArray())
                .With("address", entries.Select(e => e.ClientAddress).ToArray()).With("repository", entries.Select(e => e.Repository).ToArray())
                .With("digest", entries.Select(e => e.Digest).ToArray()).With("detail", entries.Select(e => e.Detail).ToArray())
                .ExecuteAsync(cancellationToken), cancellationToken);

    public Task<int> DeleteBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => connection.Command("DELETE FROM audit_events WHERE time < @before", transaction)
            .With("before", before.ToUnixTimeMilliseconds()).ExecuteAsync(cancellationToken), cancellationToken);
}
