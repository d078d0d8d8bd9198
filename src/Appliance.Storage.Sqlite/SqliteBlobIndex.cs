using Appliance.Core.Content;
using Appliance.Core.Names;
using Appliance.Core.Storage;
using Appliance.Storage.Relational;

namespace Appliance.Storage.Sqlite;

public sealed class SqliteBlobIndex(SqliteDatabase database, TimeProvider clock) : IBlobIndex
{
    public async Task<long?> GetLinkedSizeAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        return await connection.Command("""
            SELECT b.size FROM repository_blobs rb
            JOIN repositories r ON r.id = rb.repository_id
            JOIN blobs b ON b.digest = rb.digest
            WHERE r.name = $repository AND rb.digest = $digest
            """).With("$repository", repository.Value).With("$digest", digest.ToString()).ScalarInt64Async(cancellationToken);
    }

    public Task LinkUploadAsync(RepositoryName repository, Digest digest, long size, UploadId upload, Func<CancellationToken, Task> publish,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await publish(cancellationToken);
            // One commit (one fsync of the log) per completed upload instead of two.
            await connection.Command("DELETE FROM uploads WHERE id = $id", transaction).With("$id", upload.Value).ExecuteAsync(cancellationToken);
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            var repositoryId = await RepositoryRows.EnsureAsync(connection, transaction, repository, now, cancellationToken);
            await connection.Command("INSERT OR IGNORE INTO blobs (digest, size, created_at) VALUES ($digest, $size, $now)", transaction)
                .With("$digest", digest.ToString()).With("$size", size).With("$now", now).ExecuteAsync(cancellationToken);
            return await LinkRowAsync(connection, transaction, repositoryId, digest, now, cancellationToken);
        }, cancellationToken);

    public Task<bool> MountAsync(RepositoryName repository, Digest digest, RepositoryName source, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var linked = await connection.Command("""
                SELECT 1 FROM repository_blobs rb JOIN repositories r ON r.id = rb.repository_id
                WHERE r.name = $source AND rb.digest = $digest
                """, transaction).With("$source", source.Value).With("$digest", digest.ToString()).ScalarInt64Async(cancellationToken);
            if (linked is null) return false;
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            var repositoryId = await RepositoryRows.EnsureAsync(connection, transaction, repository, now, cancellationToken);
            await LinkRowAsync(connection, transaction, repositoryId, digest, now, cancellationToken);
            return true;
        }, cancellationToken);

    public Task<bool> UnlinkAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.Command("""
                DELETE FROM repository_blobs
                WHERE digest = $digest AND repository_id = (SELECT id FROM repositories WHERE name = $repository)
                """, transaction).With("$repository", repository.Value).With("$digest", digest.ToString()).ExecuteAsync(cancellationToken) > 0,
            cancellationToken);

    public async IAsyncEnumerable<RecordedBlob> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
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
            await connection.Command("DELETE FROM repository_blobs WHERE digest = $digest", transaction).With("$digest", digest.ToString())
                .ExecuteAsync(cancellationToken);
            await connection.Command("DELETE FROM blobs WHERE digest = $digest", transaction).With("$digest", digest.ToString())
                .ExecuteAsync(cancellationToken);
            await removeBytes(cancellationToken);
            return 0;
        }, cancellationToken);

    public Task<bool> RemoveOrphanAsync(Digest digest, Func<CancellationToken, Task> removeBytes, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var recorded = await connection.Command("SELECT 1 FROM blobs WHERE digest = $digest", transaction).With("$digest", digest.ToString())
                .ScalarInt64Async(cancellationToken);
            if (recorded is not null) return false;
            await removeBytes(cancellationToken);
            return true;
        }, cancellationToken);

    public async IAsyncEnumerable<BlobLink> ListLinksAsync(RepositoryName repository,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT rb.digest, rb.created_at FROM repository_blobs rb JOIN repositories r ON r.id = rb.repository_id
            WHERE r.name = $repository ORDER BY rb.digest
            """).With("$repository", repository.Value);
        await foreach (var link in command.StreamAsync(CommonRows.BlobLink, cancellationToken)) yield return link;
    }

    public Task ImportAsync(RecordedBlob blob, Func<CancellationToken, Task> publish, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await publish(cancellationToken);
            return await connection.Command("INSERT OR IGNORE INTO blobs (digest, size, created_at) VALUES ($digest, $size, $at)", transaction)
                .With("$digest", blob.Digest.ToString()).With("$size", blob.Size).With("$at", blob.RecordedAt.ToUnixTimeSeconds())
                .ExecuteAsync(cancellationToken);
        }, cancellationToken);

    public Task<int> ImportLinksAsync(RepositoryName repository, IReadOnlyList<BlobLink> links, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var repositoryId = await RepositoryRows.EnsureAsync(connection, transaction, repository, clock.GetUtcNow().ToUnixTimeSeconds(),
                cancellationToken);
            var added = 0;
            foreach (var link in links)
            {
                added += await connection.Command("""
                    INSERT OR IGNORE INTO repository_blobs (repository_id, digest, created_at) VALUES ($repository, $digest, $at)
                    """, transaction).With("$repository", repositoryId).With("$digest", link.Digest.ToString())
                    .With("$at", link.LinkedAt.ToUnixTimeSeconds()).ExecuteAsync(cancellationToken);
            }
            return added;
        }, cancellationToken);

    private static Task<int> LinkRowAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction,
        long repositoryId, Digest digest, long now, CancellationToken cancellationToken) =>
        // A re-push or re-mount renews the link's age, so the grace period protects it again until its manifest arrives.
        connection.Command("""
            INSERT INTO repository_blobs (repository_id, digest, created_at) VALUES ($repository, $digest, $now)
            ON CONFLICT (repository_id, digest) DO UPDATE SET created_at = excluded.created_at
            """, transaction)
            .With("$repository", repositoryId).With("$digest", digest.ToString()).With("$now", now).ExecuteAsync(cancellationToken);
}
