using System.Data.Common;
using System.Text.Json;
using Appliance.Core.Upstreams;

namespace Appliance.Storage.Relational;

public sealed class RelationalSyncJobStore(IRelationalDatabase database) : ISyncJobStore
{
    private const string RunColumns = "id, job_name, started_at, finished_at, images_copied, images_present, bytes_copied, failures, summary";

    public Task<bool> AddAsync(SyncJob job, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) => await connection.Command("""
                INSERT INTO sync_jobs (name, repositories, tag_pattern, version_range, platforms, interval_seconds, created_at)
                VALUES (@name, @repositories, @pattern, @range, @platforms, @interval, @created)
                ON CONFLICT (name) DO NOTHING
                """, transaction)
            .With("name", job.Name).With("repositories", JsonSerializer.Serialize(job.Repositories)).With("pattern", job.TagPattern)
            .With("range", job.VersionRange).With("platforms", JsonSerializer.Serialize(job.Platforms))
            .With("interval", (long)job.Interval.TotalSeconds).With("created", job.CreatedAt.ToUnixTimeSeconds())
            .ExecuteAsync(cancellationToken) > 0, cancellationToken);

    public Task<bool> RemoveAsync(string name, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command("DELETE FROM sync_jobs WHERE name = @name", transaction).With("name", name).ExecuteAsync(cancellationToken) > 0,
            cancellationToken);

    public async Task<IReadOnlyList<SyncJob>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        return await connection.Command("""
            SELECT name, repositories, tag_pattern, version_range, platforms, interval_seconds, created_at FROM sync_jobs ORDER BY name
            """).ReadAllAsync(reader => new SyncJob(reader.GetString(0), List(reader.GetString(1)), NullableString(reader, 2), NullableString(reader, 3),
                List(reader.GetString(4)), TimeSpan.FromSeconds(reader.GetInt64(5)), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(6))),
            cancellationToken);
    }

    public Task<long> StartRunAsync(string job, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) => (await connection.Command(
                "INSERT INTO sync_runs (job_name, started_at) VALUES (@job, @started) RETURNING id", transaction)
            .With("job", job).With("started", startedAt.ToUnixTimeSeconds()).ScalarInt64Async(cancellationToken))!.Value, cancellationToken);

    public Task FinishRunAsync(SyncRunRecord run, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) => await connection.Command("""
                UPDATE sync_runs SET finished_at = @finished, images_copied = @copied, images_present = @present, bytes_copied = @bytes,
                    failures = @failures, summary = @summary
                WHERE id = @id
                """, transaction)
            .With("id", run.Id).With("finished", run.FinishedAt?.ToUnixTimeSeconds()).With("copied", run.ImagesCopied).With("present", run.ImagesPresent)
            .With("bytes", run.BytesCopied).With("failures", run.Failures).With("summary", run.Summary)
            .ExecuteAsync(cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<SyncRunRecord>> ListRunsAsync(string? job, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var command = job is null
            ? connection.Command($"SELECT {RunColumns} FROM sync_runs ORDER BY id DESC LIMIT @limit")
            : connection.Command($"SELECT {RunColumns} FROM sync_runs WHERE job_name = @job ORDER BY id DESC LIMIT @limit").With("job", job);
        return await command.With("limit", limit).ReadAllAsync(reader => new SyncRunRecord(reader.GetInt64(0), reader.GetString(1),
            DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(2)), reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(3)),
            reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), NullableString(reader, 8)), cancellationToken);
    }

    private static IReadOnlyList<string> List(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];

    private static string? NullableString(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
