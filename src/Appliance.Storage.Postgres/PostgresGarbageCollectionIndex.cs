using Appliance.Core.Content;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Storage;
using Appliance.Storage.Relational;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Appliance.Storage.Postgres;

/// <summary>
/// Every deleting step runs in two statements of one READ COMMITTED transaction: the first locks the candidate rows
/// FOR UPDATE SKIP LOCKED (rows a push holds are left for the next run), the second deletes only those that still meet
/// the condition, evaluated on a fresh snapshot. PostgreSQL re-checks a locked row's own columns when it was updated
/// meanwhile, but not a NOT EXISTS over other tables; the second statement is that re-check, and since every push
/// locks what it is about to reference, nothing can start referencing a locked row in between.
/// </summary>
public sealed class PostgresGarbageCollectionIndex(PostgresDatabase database, GarbageCollectionClaim claim,
    ILogger<PostgresGarbageCollectionIndex> logger) : IGarbageCollectionIndex, IExpiredUploads
{
    /// <summary>The conditions of SqliteGarbageCollectionIndex.CollectableManifests, on the manifest aliased m.</summary>
    private const string Collectable = """
        (m.created_at < @unusedBefore AND (m.index_child = 1 OR m.subject_digest IS NOT NULL) OR m.created_at < @untaggedBefore::bigint)
        AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.manifest_id = m.id)
        AND NOT EXISTS (SELECT 1 FROM manifest_references r JOIN manifests parent ON parent.id = r.manifest_id
                        WHERE r.kind = 1 AND r.digest = m.digest AND parent.repository_id = m.repository_id)
        AND NOT EXISTS (SELECT 1 FROM manifests subject
                        WHERE m.subject_digest IS NOT NULL AND subject.repository_id = m.repository_id AND subject.digest = m.subject_digest)
        """;

    private const string UnreferencedLink = """
        rb.created_at < @before
        AND NOT EXISTS (SELECT 1 FROM manifest_references r JOIN manifests m ON m.id = r.manifest_id
                        WHERE r.kind = 0 AND r.digest = rb.digest AND m.repository_id = rb.repository_id)
        """;

    private const string UnreferencedBlob = """
        b.created_at < @before
        AND NOT EXISTS (SELECT 1 FROM repository_blobs rb WHERE rb.digest = b.digest)
        AND NOT EXISTS (SELECT 1 FROM manifest_references r WHERE r.kind = 0 AND r.digest = b.digest)
        """;

    public async Task<int> DeleteUnusedManifestsAsync(DateTimeOffset unusedBefore, DateTimeOffset? untaggedBefore, bool dryRun,
        CancellationToken cancellationToken)
    {
        if (dryRun)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return (int)(await WithAges(connection.Command($"SELECT count(*) FROM manifests m WHERE {Collectable}")).ScalarInt64Async(cancellationToken))!;
        }
        return await database.WriteAsync(async (connection, transaction) =>
        {
            var locked = await WithAges(connection.Command($"SELECT m.id FROM manifests m WHERE {Collectable} FOR UPDATE OF m SKIP LOCKED", transaction))
                .ColumnAsync<long>(cancellationToken);
            if (locked.Count == 0) return 0;
            return await WithAges(connection.Command($"DELETE FROM manifests m WHERE m.id = ANY(@ids) AND {Collectable}", transaction))
                .With("ids", locked.ToArray()).ExecuteAsync(cancellationToken);
        }, cancellationToken);

        NpgsqlCommand WithAges(NpgsqlCommand command) =>
            command.With("unusedBefore", unusedBefore.ToUnixTimeSeconds()).With("untaggedBefore", untaggedBefore?.ToUnixTimeSeconds());
    }

    public async Task<int> UnlinkUnreferencedBlobsAsync(DateTimeOffset linkedBefore, bool dryRun, CancellationToken cancellationToken)
    {
        var before = linkedBefore.ToUnixTimeSeconds();
        if (dryRun)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return (int)(await connection.Command($"SELECT count(*) FROM repository_blobs rb WHERE {UnreferencedLink}").With("before", before)
                .ScalarInt64Async(cancellationToken))!;
        }
        return await database.WriteAsync(async (connection, transaction) =>
        {
            var repositories = new List<long>();
            var digests = new List<string>();
            await using (var command = connection.Command($"SELECT rb.repository_id, rb.digest FROM repository_blobs rb WHERE {UnreferencedLink} FOR UPDATE OF rb SKIP LOCKED",
                transaction).With("before", before))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    repositories.Add(reader.GetInt64(0));
                    digests.Add(reader.GetString(1));
                }
            }
            if (repositories.Count == 0) return 0;
            return await connection.Command($"""
                DELETE FROM repository_blobs rb USING unnest(@repositories::bigint[], @digests::text[]) AS locked(repository_id, digest)
                WHERE rb.repository_id = locked.repository_id AND rb.digest = locked.digest AND {UnreferencedLink}
                """, transaction).With("repositories", repositories.ToArray()).With("digests", digests.ToArray()).With("before", before)
                .ExecuteAsync(cancellationToken);
        }, cancellationToken);
    }

    public async Task<BlobSweep> SweepBlobsAsync(DateTimeOffset recordedBefore, int limit, bool dryRun, Func<Digest, CancellationToken, Task<bool>> deleteBytes,
        CancellationToken cancellationToken)
    {
        var before = recordedBefore.ToUnixTimeSeconds();
        if (dryRun)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            var candidates = await ReadBlobsAsync(connection.Command($"SELECT b.digest, b.size FROM blobs b WHERE {UnreferencedBlob}").With("before", before),
                cancellationToken);
            return new BlobSweep(candidates.Count, candidates.Sum(c => c.Size), MayHaveMore: false);
        }

        return await database.WriteAsync(async (connection, transaction) =>
        {
            // Locked FOR UPDATE until commit: an upload of the same digest waits in its INSERT ... ON CONFLICT DO UPDATE and a
            // mount or manifest push in its FOR SHARE, so none can start using a blob between the re-check and the delete.
            var locked = await ReadBlobsAsync(connection.Command(
                $"SELECT b.digest, b.size FROM blobs b WHERE {UnreferencedBlob} ORDER BY b.digest LIMIT @limit FOR UPDATE OF b SKIP LOCKED", transaction)
                .With("before", before).With("limit", limit), cancellationToken);
            if (locked.Count == 0) return new BlobSweep(0, 0, MayHaveMore: false);
            // The re-check, on a snapshot taken after the locks: a link or reference committed before we got them is seen now.
            var candidates = await ReadBlobsAsync(connection.Command($"SELECT b.digest, b.size FROM blobs b WHERE b.digest = ANY(@digests) AND {UnreferencedBlob}",
                transaction).With("digests", locked.Select(l => l.Digest.ToString()).ToArray()).With("before", before), cancellationToken);
            var deleted = await BlobBytesDeletion.DeleteAsync(candidates, deleteBytes, logger, cancellationToken);
            if (deleted.Count > 0)
            {
                await connection.Command("DELETE FROM blobs WHERE digest = ANY(@digests)", transaction)
                    .With("digests", deleted.Select(d => d.Digest.ToString()).ToArray()).ExecuteAsync(cancellationToken);
            }
            return new BlobSweep(deleted.Count, deleted.Sum(d => d.Size), MayHaveMore: locked.Count == limit);
        }, cancellationToken);
    }


    public async Task<long> CountBlobsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.Command("SELECT count(*) FROM blobs").ScalarInt64Async(cancellationToken))!.Value;
    }

    public Task<IAsyncDisposable?> TryClaimRunAsync(CancellationToken cancellationToken) => claim.TryTakeAsync(cancellationToken);

    public async Task<IReadOnlyList<UploadId>> ListStartedBeforeAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await connection.Command("SELECT id FROM uploads WHERE started_at < @before").With("before", startedBefore.ToUnixTimeSeconds())
            .ColumnAsync<string>(cancellationToken);
        return ids.Select(value => UploadId.TryParse(value, out var id) ? id : (UploadId?)null).OfType<UploadId>().ToList();
    }

    private static async Task<List<(Digest Digest, long Size)>> ReadBlobsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var blobs = new List<(Digest, long)>();
            while (await reader.ReadAsync(cancellationToken)) blobs.Add((Digest.Parse(reader.GetString(0)), reader.GetInt64(1)));
            return blobs;
        }
    }
}
