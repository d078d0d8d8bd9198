using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Storage;
using Appliance.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Appliance.Storage.Sqlite;

public sealed class SqliteManifestIndex(SqliteDatabase database, TimeProvider clock) : IManifestIndex
{
    private const int BlobReference = 0;
    private const int ManifestReference = 1;

    public Task<StoredManifest?> FindByDigestAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) =>
        FindAsync("""
            SELECT m.digest, m.media_type, m.content FROM manifests m JOIN repositories r ON r.id = m.repository_id
            WHERE r.name = $repository AND m.digest = $key
            """, repository, digest.ToString(), cancellationToken);

    public Task<StoredManifest?> FindByTagAsync(RepositoryName repository, string tag, CancellationToken cancellationToken) =>
        FindAsync("""
            SELECT m.digest, m.media_type, m.content FROM tags t
            JOIN repositories r ON r.id = t.repository_id JOIN manifests m ON m.id = t.manifest_id
            WHERE r.name = $repository AND t.name = $key
            """, repository, tag, cancellationToken);

    public Task<IReadOnlyList<Digest>> PutAsync(RepositoryName repository, StoredManifest manifest, ParsedManifest parsed, string? tag,
        CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<Digest>>(async (connection, transaction) =>
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            var repositoryId = await RepositoryRows.FindIdAsync(connection, repository, cancellationToken, transaction);
            var missing = await FindMissingAsync(connection, transaction, repositoryId ?? -1, parsed, cancellationToken);
            if (missing.Count > 0) return missing;
            repositoryId ??= await RepositoryRows.EnsureAsync(connection, transaction, repository, now, cancellationToken);
            var manifestId = await InsertManifestAsync(connection, transaction, repositoryId.Value, manifest, parsed, now, cancellationToken);
            if (tag is not null)
            {
                await connection.Command("""
                    INSERT INTO tags (repository_id, name, manifest_id, updated_at) VALUES ($repository, $tag, $manifest, $now)
                    ON CONFLICT (repository_id, name) DO UPDATE SET manifest_id = excluded.manifest_id, updated_at = excluded.updated_at
                    """, transaction).With("$repository", repositoryId.Value).With("$tag", tag).With("$manifest", manifestId).With("$now", now)
                    .ExecuteAsync(cancellationToken);
            }
            return [];
        }, cancellationToken);

    public Task<bool> DeleteAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.Command("""
                DELETE FROM manifests WHERE digest = $digest AND repository_id = (SELECT id FROM repositories WHERE name = $repository)
                """, transaction).With("$repository", repository.Value).With("$digest", digest.ToString()).ExecuteAsync(cancellationToken) > 0,
            cancellationToken);

    public Task<bool> DeleteTagAsync(RepositoryName repository, string tag, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
            await connection.Command("""
                DELETE FROM tags WHERE name = $tag AND repository_id = (SELECT id FROM repositories WHERE name = $repository)
                """, transaction).With("$repository", repository.Value).With("$tag", tag).ExecuteAsync(cancellationToken) > 0,
            cancellationToken);

    public async Task<Page<string>?> ListTagsAsync(RepositoryName repository, int limit, string? last, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var repositoryId = await RepositoryRows.FindIdAsync(connection, repository, cancellationToken);
        if (repositoryId is null) return null;
        return await PageReader.ReadAsync(
            connection.Command("SELECT name FROM tags WHERE repository_id = $repository AND name > $last ORDER BY name LIMIT $limit")
                .With("$repository", repositoryId).With("$last", last ?? ""),
            limit, cancellationToken);
    }

    public async Task<IReadOnlyList<Referrer>> ListReferrersAsync(RepositoryName repository, Digest subject, string? artifactType,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT m.digest, m.media_type, m.size, m.artifact_type, m.annotations FROM manifests m
            JOIN repositories r ON r.id = m.repository_id
            WHERE r.name = $repository AND m.subject_digest = $subject AND ($type IS NULL OR m.artifact_type = $type)
            ORDER BY m.id
            """).With("$repository", repository.Value).With("$subject", subject.ToString()).With("$type", artifactType);
        return await command.ReadAllAsync(CommonRows.Referrer, cancellationToken);
    }

    private async Task<StoredManifest?> FindAsync(string sql, RepositoryName repository, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command(sql).With("$repository", repository.Value).With("$key", key);
        return (await command.ReadAllAsync(CommonRows.StoredManifest, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Runs inside the write transaction, so nothing can remove a reference between this check and the insert.</summary>
    private static async Task<List<Digest>> FindMissingAsync(SqliteConnection connection, SqliteTransaction transaction, long repositoryId,
        ParsedManifest parsed, CancellationToken cancellationToken)
    {
        var missing = new List<Digest>();
        foreach (var blob in parsed.Blobs.Where(b => !b.IsExternal).Select(b => b.Digest).Distinct())
        {
            if (!await ExistsAsync("SELECT 1 FROM repository_blobs WHERE repository_id = $repository AND digest = $digest", blob)) missing.Add(blob);
        }
        foreach (var child in parsed.RequiredChildren.Select(c => c.Digest).Distinct())
        {
            if (!await ExistsAsync("SELECT 1 FROM manifests WHERE repository_id = $repository AND digest = $digest", child)) missing.Add(child);
        }
        return missing;

        async Task<bool> ExistsAsync(string sql, Digest digest) =>
            await connection.Command(sql, transaction).With("$repository", repositoryId).With("$digest", digest.ToString())
                .ScalarInt64Async(cancellationToken) is not null;
    }

    public async IAsyncEnumerable<ManifestRecord> ListRecordsAsync(RepositoryName repository,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command(CommonRows.ManifestRecordsQuery("$repository")).With("$repository", repository.Value);
        await foreach (var record in command.ManifestRecordsAsync(cancellationToken)) yield return record;
    }

    public Task<bool> ImportAsync(RepositoryName repository, ManifestRecord record, ParsedManifest parsed, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var manifest = record.Manifest;
            var repositoryId = await RepositoryRows.EnsureAsync(connection, transaction, repository, clock.GetUtcNow().ToUnixTimeSeconds(),
                cancellationToken);
            var id = await connection.Command("SELECT id FROM manifests WHERE repository_id = $repository AND digest = $digest", transaction)
                .With("$repository", repositoryId).With("$digest", manifest.Digest.ToString()).ScalarInt64Async(cancellationToken);
            var added = id is null;
            if (id is null)
            {
                id = await connection.Command("", transaction).InsertImportedManifest("$", "", repositoryId, record, parsed)
                    .ScalarInt64Async(cancellationToken);
                await InsertReferencesAsync(connection, transaction, id!.Value, parsed, cancellationToken);
            }
            else
            {
                await connection.Command("UPDATE manifests SET created_at = min(created_at, $pushed) WHERE id = $id", transaction)
                    .With("$id", id.Value).With("$pushed", record.PushedAt.ToUnixTimeSeconds()).ExecuteAsync(cancellationToken);
            }
            foreach (var tag in record.Tags)
            {
                await connection.Command("""
                    INSERT INTO tags (repository_id, name, manifest_id, updated_at) VALUES ($repository, $tag, $manifest, $updatedAt)
                    ON CONFLICT (repository_id, name) DO UPDATE SET manifest_id = excluded.manifest_id, updated_at = excluded.updated_at
                    """, transaction).With("$repository", repositoryId).With("$tag", tag.Name).With("$manifest", id)
                    .With("$updatedAt", tag.UpdatedAt.ToUnixTimeSeconds()).ExecuteAsync(cancellationToken);
            }
            return added;
        }, cancellationToken);

    private static async Task<long> InsertManifestAsync(SqliteConnection connection, SqliteTransaction transaction, long repositoryId,
        StoredManifest manifest, ParsedManifest parsed, long now, CancellationToken cancellationToken)
    {
        var existing = await connection.Command("SELECT id FROM manifests WHERE repository_id = $repository AND digest = $digest", transaction)
            .With("$repository", repositoryId).With("$digest", manifest.Digest.ToString()).ScalarInt64Async(cancellationToken);
        if (existing is not null) return existing.Value;

        // A manifest that an index of the repository lists already (a sparse index's child pushed later) is that index's child.
        var id = (await connection.Command($"""
            INSERT INTO manifests (repository_id, digest, media_type, size, content, artifact_type, subject_digest, annotations, created_at, index_child)
            VALUES ($repository, $digest, $mediaType, $size, $content, $artifactType, $subject, $annotations, $now, {CommonRows.ListedByAnIndex("$")})
            RETURNING id
            """, transaction)
            .With("$repository", repositoryId).With("$digest", manifest.Digest.ToString()).With("$mediaType", manifest.MediaType)
            .With("$size", manifest.Content.Length).With("$content", manifest.Content.ToArray()).With("$artifactType", parsed.ArtifactType)
            .With("$subject", parsed.Subject?.ToString()).With("$annotations", parsed.AnnotationsJson).With("$now", now)
            .ScalarInt64Async(cancellationToken))!.Value;

        await InsertReferencesAsync(connection, transaction, id, parsed, cancellationToken);
        // Garbage collection takes a former child once no index lists it and no tag names it (003_index_children.sql).
        foreach (var child in parsed.Children.Select(c => c.Digest).Distinct())
        {
            await connection.Command("UPDATE manifests SET index_child = 1 WHERE repository_id = $repository AND digest = $digest", transaction)
                .With("$repository", repositoryId).With("$digest", child.ToString()).ExecuteAsync(cancellationToken);
        }
        return id;
    }

    private static async Task InsertReferencesAsync(SqliteConnection connection, SqliteTransaction transaction, long manifestId, ParsedManifest parsed,
        CancellationToken cancellationToken)
    {
        var references = parsed.Blobs.Where(b => !b.IsExternal).Select(b => (b.Digest, Kind: BlobReference))
            .Concat(parsed.Children.Select(c => (c.Digest, Kind: ManifestReference))).Distinct();
        foreach (var (digest, kind) in references)
        {
            await connection.Command("INSERT INTO manifest_references (manifest_id, digest, kind) VALUES ($manifest, $digest, $kind)", transaction)
                .With("$manifest", manifestId).With("$digest", digest.ToString()).With("$kind", kind).ExecuteAsync(cancellationToken);
        }
    }
}
