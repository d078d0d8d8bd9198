using System.Data.Common;
using Appliance.Core.Content;
using Appliance.Core.Names;
using Appliance.Core.Upstreams;

namespace Appliance.Storage.Relational;

/// <summary>The pull-through cache's records (014_upstreams.sql, PostgreSQL 008_upstreams.sql); times in Unix seconds.</summary>
public sealed class RelationalUpstreamCacheIndex(IRelationalDatabase database) : IUpstreamCacheIndex
{
    public async Task<CachedTag?> FindTagAsync(RepositoryName repository, string tag, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("SELECT digest, checked_at FROM upstream_tags WHERE repository = @repository AND tag = @tag")
            .With("repository", repository.Value).With("tag", tag);
        return (await command.ReadAllAsync(reader => new CachedTag(Digest.Parse(reader.GetString(0)), Time(reader, 1)), cancellationToken)).SingleOrDefault();
    }

    public Task SetTagAsync(RepositoryName repository, string tag, Digest digest, DateTimeOffset checkedAt, CancellationToken cancellationToken) =>
        WriteAsync("""
            INSERT INTO upstream_tags (repository, tag, digest, checked_at) VALUES (@repository, @tag, @digest, @at)
            ON CONFLICT (repository, tag) DO UPDATE SET digest = excluded.digest, checked_at = excluded.checked_at
            """, cancellationToken, ("repository", repository.Value), ("tag", tag), ("digest", digest.ToString()), ("at", checkedAt.ToUnixTimeSeconds()));

    public Task RecordAsync(CachedContent content, CancellationToken cancellationToken) =>
        WriteAsync("""
            INSERT INTO upstream_cached (repository, digest, kind, size, upstream, fetched_at, last_used)
            VALUES (@repository, @digest, @kind, @size, @upstream, @fetched, @used)
            ON CONFLICT (repository, digest) DO UPDATE SET last_used = excluded.last_used
            """, cancellationToken, ("repository", content.Repository.Value), ("digest", content.Digest.ToString()), ("kind", (int)content.Kind),
            ("size", content.Size), ("upstream", content.Upstream), ("fetched", content.FetchedAt.ToUnixTimeSeconds()),
            ("used", content.LastUsed.ToUnixTimeSeconds()));

    public Task TouchAsync(RepositoryName repository, Digest digest, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync("UPDATE upstream_cached SET last_used = @at WHERE repository = @repository AND digest = @digest AND last_used < @at",
            cancellationToken, ("repository", repository.Value), ("digest", digest.ToString()), ("at", at.ToUnixTimeSeconds()));

    public async Task<IReadOnlyList<CachedContent>> ListUnusedAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("""
                SELECT repository, digest, kind, size, upstream, fetched_at, last_used FROM upstream_cached
                WHERE last_used < @before ORDER BY last_used LIMIT @limit
                """).With("before", before.ToUnixTimeSeconds()).With("limit", limit);
        return await command.ReadAllAsync(reader => new CachedContent(RepositoryName.Parse(reader.GetString(0)), Digest.Parse(reader.GetString(1)),
            (CachedKind)reader.GetInt32(2), reader.GetInt64(3), reader.GetString(4), Time(reader, 5), Time(reader, 6)), cancellationToken);
    }

    public async Task<IReadOnlyList<CachedRepository>> SummarizeAsync(CancellationToken cancellationToken)
    {
        // COUNT and a CAST sum read as 64-bit integers in both engines (PostgreSQL's SUM of bigint is numeric).
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command($"""
                SELECT repository, COUNT(CASE WHEN kind = {(int)CachedKind.Manifest} THEN 1 END), COUNT(CASE WHEN kind = {(int)CachedKind.Blob} THEN 1 END),
                       CAST(SUM(size) AS BIGINT), MAX(last_used)
                FROM upstream_cached GROUP BY repository ORDER BY repository
                """);
        return await command.ReadAllAsync(reader => new CachedRepository(RepositoryName.Parse(reader.GetString(0)), reader.GetInt64(1), reader.GetInt64(2),
            reader.GetInt64(3), Time(reader, 4)), cancellationToken);
    }

    public Task ForgetAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
        {
            await connection.Command("DELETE FROM upstream_tags WHERE repository = @repository AND digest = @digest", transaction)
                .With("repository", repository.Value).With("digest", digest.ToString()).ExecuteAsync(cancellationToken);
            return await connection.Command("DELETE FROM upstream_cached WHERE repository = @repository AND digest = @digest", transaction)
                .With("repository", repository.Value).With("digest", digest.ToString()).ExecuteAsync(cancellationToken);
        }, cancellationToken);

    private Task WriteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        database.WriteStatementAsync(async (connection, transaction) =>
        {
            var command = connection.Command(sql, transaction);
            foreach (var (name, value) in parameters) command.With(name, value);
            return await command.ExecuteAsync(cancellationToken);
        }, cancellationToken);

    private static DateTimeOffset Time(DbDataReader reader, int column) => DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(column));
}
