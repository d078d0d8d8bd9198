using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Storage;
using Appliance.Storage.Relational;
using Npgsql;

namespace Appliance.Storage.Postgres;

public sealed class PostgresManifestIndex(PostgresDatabase database, TimeProvider clock) : IManifestIndex
{
    private const int BlobReference = 0;
    private const int ManifestReference = 1;

    public Task<StoredManifest?> FindByDigestAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) =>
        FindAsync("""
            SELECT m.digest, m.media_type, m.content FROM manifests m JOIN repositories r ON r.id = m.repository_id
            WHERE r.name = @repository AND m.digest = @key
            """, repository, digest.ToString(), cancellationToken);

    public Task<StoredManifest?> FindByTagAsync(RepositoryName repository, string tag, CancellationToken cancellationToken) =>
        FindAsync("""
            SELECT m.digest, m.media_type, m.content FROM tags t
            JOIN repositories r ON r.id = t.repository_id JOIN manifests m ON m.id = t.manifest_id
            WHERE r.name = @repository AND t.name = @key
            """, repository, tag, cancellationToken);

    public Task<IReadOnlyList<Digest>> PutAsync(RepositoryName repository, StoredManifest manifest, ParsedManifest parsed, string? tag,
        CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<Digest>>(async (connection, transaction) =>
        {
            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            var repositoryId = await RepositoryRows.FindIdAsync(connection, repository, cancellationToken, transaction);
            var missing = await LockReferencesAsync(connection, transaction, repositoryId ?? -1, parsed, cancellationToken);
            if (missing.Count > 0) return missing;
            repositoryId ??= await RepositoryRows.EnsureAsync(connection, transaction, repository, now, cancellationToken);
            var manifestId = await InsertManifestAsync(connection, transaction, repositoryId.Value, manifest, parsed, now, cancellationToken);
            if (tag is not null)
            {
                await connection.Command("""
                    INSERT INTO tags (repository_id, name, manifest_id, updated_at) VALUES (@repository, @tag, @manifest, @now)
                    ON CONFLICT (repository_id, name) DO UPDATE SET manifest_id = excluded.manifest_id, updated_at = excluded.updated_at
                    """, transaction).With("repository", repositoryId.Value).With("tag", tag).With("manifest", manifestId).With("now", now)
                    .ExecuteAsync(cancellationToken);
            }
            return [];
        }, cancellationToken);

    public async Task<bool> DeleteAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("""
            DELETE FROM manifests WHERE digest = @digest AND repository_id = (SELECT id FROM repositories WHERE name = @repository)
            """).With("repository", repository.Value).With("digest", digest.ToString()).ExecuteAsync(cancellationToken) > 0;
    }

    public async Task<bool> DeleteTagAsync(RepositoryName repository, string tag, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("""
            DELETE FROM tags WHERE name = @tag AND repository_id = (SELECT id FROM repositories WHERE name = @repository)
            """).With("repository", repository.Value).With("tag", tag).ExecuteAsync(cancellationToken) > 0;
    }

    public async Task<Page<string>?> ListTagsAsync(RepositoryName repository, int limit, string? last, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var repositoryId = await RepositoryRows.FindIdAsync(connection, repository, cancellationToken);
        if (repositoryId is null) return null;
        return await PageReader.ReadAsync(
            connection.Command("SELECT name FROM tags WHERE repository_id = @repository AND name > @last ORDER BY name LIMIT @limit")
                .With("repository", repositoryId).With("last", last ?? ""),
            limit, cancellationToken);
    }

    public async Task<IReadOnlyList<Referrer>> ListReferrersAsync(RepositoryName repository, Digest subject, string? artifactType,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT m.digest, m.media_type, m.size, m.artifact_type, m.annotations FROM manifests m
            JOIN repositories r ON r.id = m.repository_id
            WHERE r.name = @repository AND m.subject_digest = @subject AND (@type::text IS NULL OR m.artifact_type = @type)
            ORDER BY m.id
            """).With("repository", repository.Value).With("subject", subject.ToString()).With("type", artifactType);
        return await command.ReadAllAsync(CommonRows.Referrer, cancellationToken);
    }

    private async Task<StoredManifest?> FindAsync(string sql, RepositoryName repository, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(sql).With("repository", repository.Value).With("key", key);
        return (await command.ReadAllAsync(CommonRows.StoredManifest, cancellationToken)).SingleOrDefault();
    }

    public async IAsyncEnumerable<ManifestRecord> ListRecordsAsync(RepositoryName repository,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(CommonRows.ManifestRecordsQuery("@repository")).With("repository", repository.Value);
        await foreach (var record in command.ManifestRecordsAsync(cancellationToken)) yield return record;
    }

    public Task<bool> ImportAsync(RepositoryName repository, ManifestRecord record, ParsedManifest parsed, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var manifest = record.Manifest;
            var repositoryId = await RepositoryRows.EnsureAsync(connection, transaction, repository, clock.GetUtcNow().ToUnixTimeSeconds(),
                cancellationToken);
            var id = await connection.Command("", transaction)
                .InsertImportedManifest("@", "ON CONFLICT (repository_id, digest) DO NOTHING", repositoryId, record, parsed)
                .ScalarInt64Async(cancellationToken);
            var added = id is not null;
            if (id is not null) await InsertReferencesAsync(connection, transaction, id.Value, parsed, cancellationToken);
            else
            {
                id = await connection.Command("""
                    UPDATE manifests SET created_at = least(created_at, @pushed) WHERE repository_id = @repository AND digest = @digest RETURNING id
                    """, transaction).With("repository", repositoryId).With("digest", manifest.Digest.ToString())
                    .With("pushed", record.PushedAt.ToUnixTimeSeconds()).ScalarInt64Async(cancellationToken);
            }
            if (record.Tags.Count > 0)
            {
                await connection.Command("""
                    INSERT INTO tags (repository_id, name, manifest_id, updated_at)
                    SELECT @repository, name, @manifest, updated_at FROM unnest(@names::text[], @times::bigint[]) AS t(name, updated_at)
                    ON CONFLICT (repository_id, name) DO UPDATE SET manifest_id = excluded.manifest_id, updated_at = excluded.updated_at
                    """, transaction).With("repository", repositoryId).With("manifest", id!.Value)
                    .With("names", record.Tags.Select(t => t.Name).ToArray()).With("times", record.Tags.Select(t => t.UpdatedAt.ToUnixTimeSeconds()).ToArray())
                    .ExecuteAsync(cancellationToken);
            }
            return added;
        }, cancellationToken);

    /// <summary>
    /// The blob links and child manifests this manifest needs, locked FOR SHARE until commit: garbage collection deletes
    /// them only after locking them FOR UPDATE, so it either removed them before (they are reported missing) or skips
    /// them until this manifest's references are committed, and then sees those.
    /// </summary>
    private static async Task<List<Digest>> LockReferencesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long repositoryId,
        ParsedManifest parsed, CancellationToken cancellationToken)
    {
        var blobs = parsed.Blobs.Where(b => !b.IsExternal).Select(b => b.Digest).Distinct().ToList();
        var children = parsed.Children.Select(c => c.Digest).Distinct().ToList();
        var required = parsed.RequiredChildren.Select(c => c.Digest).ToHashSet();
        var missing = new List<Digest>();
        if (blobs.Count > 0)
        {
            missing.AddRange(await MissingAsync(
                "SELECT digest FROM repository_blobs WHERE repository_id = @repository AND digest = ANY(@digests) ORDER BY digest FOR SHARE", blobs));
        }
        if (children.Count > 0)
        {
            // Every present child is locked, so a collection cannot take it under the index; only required ones must be present.
            missing.AddRange((await MissingAsync(
                "SELECT digest FROM manifests WHERE repository_id = @repository AND digest = ANY(@digests) ORDER BY digest FOR SHARE", children))
                .Where(required.Contains));
        }
        return missing;

        async Task<IEnumerable<Digest>> MissingAsync(string sql, List<Digest> wanted)
        {
            var present = (await connection.Command(sql, transaction).With("repository", repositoryId)
                .With("digests", wanted.Select(d => d.ToString()).ToArray()).ColumnAsync<string>(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            return wanted.Where(d => !present.Contains(d.ToString()));
        }
    }

    private static async Task<long> InsertManifestAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long repositoryId,
        StoredManifest manifest, ParsedManifest parsed, long now, CancellationToken cancellationToken)
    {
        long? id;
        // A concurrent push of the same manifest, or a collection of the stored one, can come between the insert and the lookup.
        while (true)
        {
            // A manifest that an index of the repository lists already (a sparse index's child pushed later) is that index's child.
            id = await connection.Command($"""
                INSERT INTO manifests (repository_id, digest, media_type, size, content, artifact_type, subject_digest, annotations, created_at, index_child)
                VALUES (@repository, @digest, @mediaType, @size, @content, @artifactType, @subject, @annotations, @now, {CommonRows.ListedByAnIndex("@")})
                ON CONFLICT (repository_id, digest) DO NOTHING RETURNING id
                """, transaction)
                .With("repository", repositoryId).With("digest", manifest.Digest.ToString()).With("mediaType", manifest.MediaType)
                .With("size", (long)manifest.Content.Length).With("content", manifest.Content.ToArray()).With("artifactType", parsed.ArtifactType)
                .With("subject", parsed.Subject?.ToString()).With("annotations", parsed.AnnotationsJson).With("now", now)
                .ScalarInt64Async(cancellationToken);
            if (id is not null) break;
            // Already stored: lock it, so a collection cannot take it before the tag that names it is committed.
            var existing = await connection.Command("SELECT id FROM manifests WHERE repository_id = @repository AND digest = @digest FOR SHARE",
                transaction).With("repository", repositoryId).With("digest", manifest.Digest.ToString()).ScalarInt64Async(cancellationToken);
            if (existing is not null) return existing.Value;
        }

        await InsertReferencesAsync(connection, transaction, id.Value, parsed, cancellationToken);
        // Garbage collection takes a former child once no index lists it and no tag names it (see the SQLite 003_index_children.sql).
        var children = parsed.Children.Select(c => c.Digest.ToString()).Distinct().ToArray();
        if (children.Length > 0)
        {
            await connection.Command("UPDATE manifests SET index_child = 1 WHERE repository_id = @repository AND digest = ANY(@digests)", transaction)
                .With("repository", repositoryId).With("digests", children).ExecuteAsync(cancellationToken);
        }
        return id.Value;
    }

    private static async Task InsertReferencesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long manifestId, ParsedManifest parsed,
        CancellationToken cancellationToken)
    {
        var references = parsed.Blobs.Where(b => !b.IsExternal).Select(b => (b.Digest, Kind: BlobReference))
            .Concat(parsed.Children.Select(c => (c.Digest, Kind: ManifestReference))).Distinct().ToList();
        if (references.Count == 0) return;
        await connection.Command("""
            INSERT INTO manifest_references (manifest_id, digest, kind) SELECT @manifest, * FROM unnest(@digests::text[], @kinds::integer[])
            """, transaction).With("manifest", manifestId).With("digests", references.Select(r => r.Digest.ToString()).ToArray())
            .With("kinds", references.Select(r => r.Kind).ToArray()).ExecuteAsync(cancellationToken);
    }
}
