using Appliance.Core.Content;
using Appliance.Core.Names;
using Appliance.Core.Storage;
using Appliance.Storage.Relational;
using Npgsql;

namespace Appliance.Storage.Postgres;

public sealed class PostgresBlobIndex(PostgresDatabase database, TimeProvider clock) : IBlobIndex
{
    public async Task<long?> GetLinkedSizeAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("""
            SELECT b.size FROM repository_blobs rb
            JOIN repositories r ON r.id = rb.repository_id
            JOIN blobs b ON b.digest = rb.digest
            WHERE r.name = @repository AND rb.digest = @digest
            """).With("repository", repository.Value).With("digest", digest.ToString()).ScalarInt64Async(cancellationToken);
    }

    public Task LinkUploadAsync(RepositoryName repository, Digest digest, long size, UploadId upload, Func<CancellationToken, Task> publish,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            // The blob's row is inserted or row-locked BEFORE the bytes are published, and stays locked until commit: a sweep
            // that locked it first has deleted it (this insert waits, then creates it anew and publish puts our own copy in
            // place); a sweep that comes later skips the locked row and, once we commit, sees the link.
            await connection.Command("""
                INSERT INTO blobs (digest, size, created_at) VALUES (@digest, @size, @now)
                ON CONFLICT (digest) DO UPDATE SET size = blobs.size
                """, transaction).With("digest", digest.ToString()).With("size", size).With("now", now).ExecuteAsync(cancellationToken);
            await publish(cancellationToken);
            await connection.Command("DELETE FROM uploads WHERE id = @id", transaction).With("id", upload.Value).ExecuteAsync(cancellationToken);
            var repositoryId = await RepositoryRows.EnsureAsync(connection, transaction, repository, now, cancellationToken);
            return await LinkRowAsync(connection, transaction, repositoryId, digest, now, cancellationToken);
        }, cancellationToken);

    public Task<bool> MountAsync(RepositoryName repository, Digest digest, RepositoryName source, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // FOR SHARE on the blob: a sweep holding it has deleted it (no row: not mountable), and one coming later skips it.
            var linked = await connection.Command("""
                SELECT 1 FROM blobs b
                WHERE b.digest = @digest
                  AND EXISTS (SELECT 1 FROM repository_blobs rb JOIN repositories r ON r.id = rb.repository_id
                              WHERE r.name = @source AND rb.digest = b.digest)
                FOR SHARE OF b
                """, transaction).With("source", source.Value).With("digest", digest.ToString()).ScalarInt64Async(cancellationToken);
            if (linked is null) return false;
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            var repositoryId = await RepositoryRows.EnsureAsync(connection, transaction, repository, now, cancellationToken);
            await LinkRowAsync(connection, transaction, repositoryId, digest, now, cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<bool> UnlinkAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("""
            DELETE FROM repository_blobs
            WHERE digest = @digest AND repository_id = (SELECT id FROM repositories WHERE name = @repository)
            """).With("repository", repository.Value).With("digest", digest.ToString()).ExecuteAsync(cancellationToken) > 0;
    }

    public async IAsyncEnumerable<RecordedBlob> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT b.digest, b.size,
                   EXISTS (SELECT 1 FROM repository_blobs rb WHERE rb.digest = b.digest)
                   OR EXISTS (SELECT 1 FROM manifest_references r WHERE r.kind = 0 AND r.digest = b.digest),
                   b.created_at
            FROM blobs b ORDER BY b.digest
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return CommonRows.RecordedBlob(reader);
        }
    }

    public Task ForgetAsync(Digest digest, Func<CancellationToken, Task> removeBytes, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await connection.Command("SELECT 1 FROM blobs WHERE digest = @digest FOR UPDATE", transaction).With("digest", digest.ToString())
                .ExecuteAsync(cancellationToken);
            await connection.Command("DELETE FROM repository_blobs WHERE digest = @digest", transaction).With("digest", digest.ToString())
                .ExecuteAsync(cancellationToken);
            await connection.Command("DELETE FROM blobs WHERE digest = @digest", transaction).With("digest", digest.ToString())
                .ExecuteAsync(cancellationToken);
            await removeBytes(cancellationToken);
            return 0;
        }, cancellationToken);

    public Task<bool> RemoveOrphanAsync(Digest digest, Func<CancellationToken, Task> removeBytes, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // A placeholder row, never committed, holds the digest: an upload publishing the same digest meanwhile waits on
            // it in its own insert and then publishes its copy after ours is gone. A recorded (or being recorded) blob is kept.
            var claimed = await connection.Command("""
                INSERT INTO blobs (digest, size, created_at) VALUES (@digest, 0, 0) ON CONFLICT (digest) DO NOTHING RETURNING 1
                """, transaction).With("digest", digest.ToString()).ScalarInt64Async(cancellationToken);
            if (claimed is null) return false;
            await removeBytes(cancellationToken);
            await connection.Command("DELETE FROM blobs WHERE digest = @digest", transaction).With("digest", digest.ToString())
                .ExecuteAsync(cancellationToken);
            return true;
        }, cancellationToken);

    public async IAsyncEnumerable<BlobLink> ListLinksAsync(RepositoryName repository,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT rb.digest, rb.created_at FROM repository_blobs rb JOIN repositories r ON r.id = rb.repository_id
            WHERE r.name = @repository ORDER BY rb.digest
            """).With("repository", repository.Value);
        await foreach (var link in command.StreamAsync(CommonRows.BlobLink, cancellationToken)) yield return link;
    }

    public Task ImportAsync(RecordedBlob blob, Func<CancellationToken, Task> publish, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // Row first, bytes second, as in LinkUploadAsync: the row lock keeps a sweep away from the bytes until commit.
            await connection.Command("""
                INSERT INTO blobs (digest, size, created_at) VALUES (@digest, @size, @at)
                ON CONFLICT (digest) DO UPDATE SET size = blobs.size
                """, transaction).With("digest", blob.Digest.ToString()).With("size", blob.Size).With("at", blob.RecordedAt.ToUnixTimeSeconds())
                .ExecuteAsync(cancellationToken);
            await publish(cancellationToken);
            return 0;
        }, cancellationToken);

    public Task<int> ImportLinksAsync(RepositoryName repository, IReadOnlyList<BlobLink> links, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var repositoryId = await RepositoryRows.EnsureAsync(connection, transaction, repository, clock.GetUtcNow().ToUnixTimeSeconds(),
                cancellationToken);
            return await connection.Command("""
                INSERT INTO repository_blobs (repository_id, digest, created_at)
                SELECT @repository, * FROM unnest(@digests::text[], @times::bigint[])
                ON CONFLICT (repository_id, digest) DO NOTHING
                """, transaction).With("repository", repositoryId).With("digests", links.Select(l => l.Digest.ToString()).ToArray())
                .With("times", links.Select(l => l.LinkedAt.ToUnixTimeSeconds()).ToArray()).ExecuteAsync(cancellationToken);
        }, cancellationToken);

    private static Task<int> LinkRowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long repositoryId, Digest digest, long now,
        CancellationToken cancellationToken) =>
        // A re-push or re-mount renews the link's age, so the grace period protects it again until its manifest arrives.
        connection.Command("""
            INSERT INTO repository_blobs (repository_id, digest, created_at) VALUES (@repository, @digest, @now)
            ON CONFLICT (repository_id, digest) DO UPDATE SET created_at = excluded.created_at
            """, transaction)
            .With("repository", repositoryId).With("digest", digest.ToString()).With("now", now).ExecuteAsync(cancellationToken);
}
