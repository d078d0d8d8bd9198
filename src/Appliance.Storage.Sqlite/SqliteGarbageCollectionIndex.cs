using System.Data.Common;
using Appliance.Core.Content;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Storage;
using Appliance.Storage.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Appliance.Storage.Sqlite;

public sealed class SqliteGarbageCollectionIndex(SqliteDatabase database, ILogger<SqliteGarbageCollectionIndex> logger)
    : IGarbageCollectionIndex, IExpiredUploads
{
    // "Referenced in the same repository" is looked up in the set of (repository, digest) pairs that manifests reference,
    // materialized once per statement, which SQLite indexes on the fly (AUTOMATIC COVERING INDEX). Two other shapes were
    // quadratic: a correlated NOT EXISTS looked each row up by digest and then filtered by repository (24 s for 30,000
    // links to 3 blobs shared by 10,000 repositories); a row-value NOT IN (subquery) is scanned as a list for every row
    // (27 s for 70,000 links against 20,000 references). This shape takes 0.04 s for the latter.

    /// <summary>
    /// Untagged, not listed by an index of their repository, and not a referrer of a manifest that is still there; and
    /// either once an index's child or a referrer (their image or subject is gone: nothing else will ask for them), or
    /// older than the untagged retention. A manifest pushed by digest that no index ever listed stays by default.
    /// </summary>
    private const string CollectableManifests = """
        WITH listed(repository_id, digest) AS MATERIALIZED (
            SELECT parent.repository_id, r.digest FROM manifest_references r JOIN manifests parent ON parent.id = r.manifest_id WHERE r.kind = 1)
        SELECT m.id FROM manifests m
        WHERE (m.created_at < $unusedBefore AND (m.index_child = 1 OR m.subject_digest IS NOT NULL) OR m.created_at < $untaggedBefore)
          AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.manifest_id = m.id)
          AND NOT EXISTS (SELECT 1 FROM listed l WHERE l.repository_id = m.repository_id AND l.digest = m.digest)
          AND NOT EXISTS (SELECT 1 FROM manifests subject
                          WHERE m.subject_digest IS NOT NULL AND subject.repository_id = m.repository_id AND subject.digest = m.subject_digest)
        """;

    private const string UnreferencedLinks = """
        WITH referenced(repository_id, digest) AS MATERIALIZED (
            SELECT m.repository_id, r.digest FROM manifest_references r JOIN manifests m ON m.id = r.manifest_id WHERE r.kind = 0)
        SELECT rb.repository_id, rb.digest FROM repository_blobs rb
        WHERE rb.created_at < $before
          AND NOT EXISTS (SELECT 1 FROM referenced x WHERE x.repository_id = rb.repository_id AND x.digest = rb.digest)
        """;

    private const string UnreferencedBlobs = """
        FROM blobs b
        WHERE b.created_at < $before
          AND NOT EXISTS (SELECT 1 FROM repository_blobs rb WHERE rb.digest = b.digest)
          AND NOT EXISTS (SELECT 1 FROM manifest_references r WHERE r.kind = 0 AND r.digest = b.digest)
        """;

    public async Task<int> DeleteUnusedManifestsAsync(DateTimeOffset unusedBefore, DateTimeOffset? untaggedBefore, bool dryRun,
        CancellationToken cancellationToken)
    {
        if (dryRun)
        {
            await using var connection = await database.OpenReaderAsync(cancellationToken);
            return (int)(await WithAges(connection.Command($"SELECT count(*) FROM ({CollectableManifests})"))
                .ScalarInt64Async(cancellationToken))!.Value;
        }
        return await database.WriteAsync((connection, transaction) =>
            WithAges(connection.Command($"DELETE FROM manifests WHERE id IN ({CollectableManifests})", transaction))
                .ExecuteAsync(cancellationToken), cancellationToken);

        DbCommand WithAges(DbCommand command) =>
            command.With("$unusedBefore", unusedBefore.ToUnixTimeSeconds()).With("$untaggedBefore", untaggedBefore?.ToUnixTimeSeconds());
    }

    public Task<int> UnlinkUnreferencedBlobsAsync(DateTimeOffset linkedBefore, bool dryRun, CancellationToken cancellationToken) =>
        dryRun
            ? CountAsync($"SELECT count(*) FROM ({UnreferencedLinks})", linkedBefore, cancellationToken)
            : database.WriteAsync((connection, transaction) =>
                connection.Command($"DELETE FROM repository_blobs WHERE (repository_id, digest) IN ({UnreferencedLinks})", transaction)
                    .With("$before", linkedBefore.ToUnixTimeSeconds()).ExecuteAsync(cancellationToken), cancellationToken);

    public async Task<BlobSweep> SweepBlobsAsync(DateTimeOffset recordedBefore, int limit, bool dryRun, Func<Digest, CancellationToken, Task<bool>> deleteBytes,
        CancellationToken cancellationToken)
    {
        if (dryRun)
        {
            await using var connection = await database.OpenReaderAsync(cancellationToken);
            var candidates = await ReadCandidatesAsync(connection, null, recordedBefore, int.MaxValue, cancellationToken);
            return new BlobSweep(candidates.Count, candidates.Sum(c => c.Size), MayHaveMore: false);
        }

        return await database.WriteAsync(async (connection, transaction) =>
        {
            // Conditions are evaluated inside the transaction that deletes, under the single writer: a blob that an upload or
            // mount published a moment ago is linked now and is not a candidate.
            var candidates = await ReadCandidatesAsync(connection, transaction, recordedBefore, limit, cancellationToken);
            var deleted = await BlobBytesDeletion.DeleteAsync(candidates, deleteBytes, logger, cancellationToken);
            foreach (var (digest, _) in deleted)
            {
                await connection.Command("DELETE FROM blobs WHERE digest = $digest", transaction).With("$digest", digest.ToString())
                    .ExecuteAsync(cancellationToken);
            }
            var blobs = deleted.Count;
            var bytes = deleted.Sum(d => d.Size);
            return new BlobSweep(blobs, bytes, MayHaveMore: candidates.Count == limit);
        }, cancellationToken);
    }


    public async Task<long> CountBlobsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        return (await connection.Command("SELECT count(*) FROM blobs").ScalarInt64Async(cancellationToken))!.Value;
    }

    /// <summary>
    /// Always granted: every deleting step runs under SQLite's write lock, which already serializes a <c>gc</c> command
    /// next to the running server, step by step.
    /// </summary>
    public Task<IAsyncDisposable?> TryClaimRunAsync(CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(NoClaim.Instance);

    private sealed class NoClaim : IAsyncDisposable
    {
        public static readonly NoClaim Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public async Task<IReadOnlyList<UploadId>> ListStartedBeforeAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("SELECT id FROM uploads WHERE started_at < $before").With("$before", startedBefore.ToUnixTimeSeconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<UploadId>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (UploadId.TryParse(reader.GetString(0), out var id)) ids.Add(id);
        }
        return ids;
    }

    private static async Task<List<(Digest Digest, long Size)>> ReadCandidatesAsync(SqliteConnection connection,
        SqliteTransaction? transaction, DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT b.digest, b.size {UnreferencedBlobs} LIMIT $limit", transaction)
            .With("$before", before.ToUnixTimeSeconds()).With("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var candidates = new List<(Digest, long)>();
        while (await reader.ReadAsync(cancellationToken)) candidates.Add((Digest.Parse(reader.GetString(0)), reader.GetInt64(1)));
        return candidates;
    }

    private async Task<int> CountAsync(string sql, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        return (int)(await connection.Command(sql).With("$before", before.ToUnixTimeSeconds()).ScalarInt64Async(cancellationToken))!.Value;
    }
}
