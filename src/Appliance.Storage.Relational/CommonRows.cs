using System.Data.Common;
using System.Runtime.CompilerServices;
using Appliance.Core.Audit;
using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Storage.Relational;

/// <summary>
/// Rows that the SQLite and the PostgreSQL stores select with the same columns in the same order (their SQL differs in
/// dialect only), read one way for both. Each reader's summary names the columns it expects.
/// </summary>
public static class CommonRows
{
    /// <summary>Every row of the command's result that <paramref name="read"/> turns into a value (null: skip the row).</summary>
    public static async Task<List<T>> ReadAllAsync<T>(this DbCommand command, Func<DbDataReader, T?> read, CancellationToken cancellationToken)
        where T : class
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (read(reader) is { } row) rows.Add(row);
        }
        return rows;
    }

    /// <summary>digest, media_type, content.</summary>
    public static StoredManifest StoredManifest(DbDataReader reader) =>
        new(Digest.Parse(reader.GetString(0)), reader.GetString(1), (byte[])reader.GetValue(2));

    /// <summary>digest, media_type, size, artifact_type, annotations.</summary>
    public static Referrer Referrer(DbDataReader reader) =>
        new(Digest.Parse(reader.GetString(0)), reader.GetString(1), reader.GetInt64(2), Text(reader, 3), Text(reader, 4));

    /// <summary>Every row of the command's result as <paramref name="read"/> makes it, one at a time: for listings too long to hold.</summary>
    public static async IAsyncEnumerable<T> StreamAsync<T>(this DbCommand command, Func<DbDataReader, T> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) yield return read(reader);
    }

    /// <summary>digest, size, in use, created_at.</summary>
    public static RecordedBlob RecordedBlob(DbDataReader reader) =>
        new(Digest.Parse(reader.GetString(0)), reader.GetInt64(1), reader.GetBoolean(2), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(3)));

    /// <summary>digest, created_at.</summary>
    public static BlobLink BlobLink(DbDataReader reader) => new(Digest.Parse(reader.GetString(0)), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)));

    /// <summary>The query whose rows <see cref="ManifestRecordsAsync"/> reads: a repository's manifests named by <paramref name="repositoryParameter"/>.</summary>
    public static string ManifestRecordsQuery(string repositoryParameter) => $"""
        SELECT m.id, m.digest, m.media_type, m.content, m.created_at, m.index_child <> 0, t.name, t.updated_at
        FROM manifests m JOIN repositories r ON r.id = m.repository_id LEFT JOIN tags t ON t.manifest_id = m.id
        WHERE r.name = {repositoryParameter} ORDER BY m.id, t.name
        """;

    /// <summary>
    /// id, digest, media_type, content, created_at, listed by an index (boolean), tag name, tag updated_at: one row per tag (tag columns null for
    /// an untagged manifest), ordered by id, each manifest's rows folded into one record.
    /// </summary>
    public static async IAsyncEnumerable<ManifestRecord> ManifestRecordsAsync(this DbCommand command,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long? id = null;
        ManifestRecord? current = null;
        List<TagRecord> tags = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetInt64(0) != id)
            {
                if (current is not null) yield return current;
                id = reader.GetInt64(0);
                tags = [];
                current = new ManifestRecord(new StoredManifest(Digest.Parse(reader.GetString(1)), reader.GetString(2), (byte[])reader.GetValue(3)),
                    DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(4)), reader.GetBoolean(5), tags);
            }
            if (!reader.IsDBNull(6)) tags.Add(new TagRecord(reader.GetString(6), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(7))));
        }
        if (current is not null) yield return current;
    }

    /// <summary>
    /// Makes <paramref name="command"/> insert a manifest copied from another registry (migrate) as it was recorded there,
    /// returning its id; <paramref name="onConflict"/> is the dialect's clause for one already present (empty when the caller
    /// checked), <paramref name="prefix"/> the dialect's parameter prefix.
    /// </summary>
    public static TCommand InsertImportedManifest<TCommand>(this TCommand command, string prefix, string onConflict, long repositoryId,
        ManifestRecord record, ParsedManifest parsed) where TCommand : DbCommand
    {
        string[] columns = ["repository_id", "digest", "media_type", "size", "content", "artifact_type", "subject_digest", "annotations", "created_at", "index_child"];
        object?[] values =
        [
            repositoryId, record.Manifest.Digest.ToString(), record.Manifest.MediaType, (long)record.Manifest.Content.Length,
            record.Manifest.Content.ToArray(), parsed.ArtifactType, parsed.Subject?.ToString(), parsed.AnnotationsJson,
            record.PushedAt.ToUnixTimeSeconds(), record.EverListedByIndex ? 1 : 0,
        ];
        command.CommandText = $"INSERT INTO manifests ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => prefix + c))}) " +
                              $"{onConflict} RETURNING id";
        for (var i = 0; i < columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = prefix + columns[i];
            parameter.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>
    /// 1 when an index stored in the repository lists the manifest being inserted, else 0: SQL for the manifests.index_child
    /// value of an insert whose repository and digest parameters are named with <paramref name="prefix"/>.
    /// </summary>
    public static string ListedByAnIndex(string prefix) => $"""
        CASE WHEN EXISTS (SELECT 1 FROM manifest_references r JOIN manifests parent ON parent.id = r.manifest_id
                          WHERE r.kind = 1 AND r.digest = {prefix}digest AND parent.repository_id = {prefix}repository) THEN 1 ELSE 0 END
        """;

    /// <summary>digest, media_type, artifact_type, created_at, size, tags (one per line), content (indexes only).</summary>
    public static ManifestSummary ManifestSummary(DbDataReader reader) =>
        new(Digest.Parse(reader.GetString(0)), reader.GetString(1), Text(reader, 2), reader.GetInt64(4),
            DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(3)),
            reader.IsDBNull(5) ? [] : reader.GetString(5).Split('\n').Order(StringComparer.Ordinal).ToArray(),
            reader.IsDBNull(6) ? ReadOnlyMemory<byte>.Empty : (byte[])reader.GetValue(6));

    /// <summary>id, repository, started_at; null for a row whose id is not an upload id.</summary>
    public static UploadSession? UploadSession(DbDataReader reader) =>
        UploadId.TryParse(reader.GetString(0), out var id)
            ? new UploadSession(id, RepositoryName.Parse(reader.GetString(1)), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(2)))
            : null;

    /// <summary>time (unix milliseconds), action, user, client_address, repository, digest, detail.</summary>
    public static AuditEvent AuditEvent(DbDataReader reader) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4),
            Text(reader, 5), Text(reader, 6));

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
