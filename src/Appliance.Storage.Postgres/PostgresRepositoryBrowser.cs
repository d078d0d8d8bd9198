using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Storage;
using Appliance.Storage.Relational;

namespace Appliance.Storage.Postgres;

/// <summary>The console's views; the same queries as SqliteRepositoryBrowser in PostgreSQL's dialect.</summary>
public sealed class PostgresRepositoryBrowser(PostgresDatabase database) : IRepositoryBrowser
{
    private static string UniqueBytes(string r) => $"""
        (SELECT coalesce(sum(b.size), 0)::bigint FROM repository_blobs rb JOIN blobs b ON b.digest = rb.digest
         WHERE rb.repository_id = {r}.id
           AND NOT EXISTS (SELECT 1 FROM repository_blobs o WHERE o.digest = rb.digest AND o.repository_id <> {r}.id))
        """;

    private static string LastPush(string r) => $"""
        greatest(coalesce((SELECT max(m.created_at) FROM manifests m WHERE m.repository_id = {r}.id), 0),
                 coalesce((SELECT max(t.updated_at) FROM tags t WHERE t.repository_id = {r}.id), 0))
        """;

    public async Task<RepositorySummaryPage> ListRepositoriesAsync(RepositoryQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var search = query.Search ?? "";
        var (readable, readableParameters) = NamespaceFilter.For(query.Namespaces, "name", '@');
        var total = await connection.Command($"SELECT count(*) FROM repositories WHERE strpos(name, @q) > 0{readable}").With("q", search)
            .WithAll(readableParameters, "").ScalarInt64Async(cancellationToken) ?? 0;
        var (key, order) = query.Sort switch
        {
            RepositorySort.Size => (UniqueBytes("p"), "sort_key DESC, name"),
            RepositorySort.Pushed => (LastPush("p"), "sort_key DESC, name"),
            _ => ("0", "name"),
        };
        var sql = $"""
            SELECT r.name, (SELECT count(*) FROM tags t WHERE t.repository_id = r.id), {UniqueBytes("r")}, {LastPush("r")} FROM
              (SELECT p.id, p.name, {key} AS sort_key FROM repositories p WHERE strpos(p.name, @q) > 0{readable}
               ORDER BY {order} LIMIT @limit OFFSET @offset) r
            ORDER BY {order}
            """;
        await using var command = connection.Command(sql).With("q", search).With("limit", query.PageSize)
            .With("offset", (long)(query.Page - 1) * query.PageSize).WithAll(readableParameters, "");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<RepositorySummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var pushed = reader.GetInt64(3);
            items.Add(new RepositorySummary(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2),
                pushed == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(pushed)));
        }
        return new RepositorySummaryPage(items, total);
    }

    public async Task<IReadOnlyList<ManifestSummary>?> ListManifestsAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await connection.Command("SELECT id FROM repositories WHERE name = @name").With("name", repository.Value)
            .ScalarInt64Async(cancellationToken);
        if (id is null) return null;
        await using var command = connection.Command("""
            SELECT m.digest, m.media_type, m.artifact_type, m.created_at,
                   (m.size + (SELECT coalesce(sum(b.size), 0) FROM manifest_references mr JOIN blobs b ON b.digest = mr.digest
                              WHERE mr.manifest_id = m.id AND mr.kind = 0)
                           + (SELECT coalesce(sum(c.size + (SELECT coalesce(sum(b.size), 0) FROM manifest_references cr
                                                            JOIN blobs b ON b.digest = cr.digest WHERE cr.manifest_id = c.id AND cr.kind = 0)), 0)
                              FROM manifest_references mr JOIN manifests c ON c.repository_id = m.repository_id AND c.digest = mr.digest
                              WHERE mr.manifest_id = m.id AND mr.kind = 1))::bigint,
                   (SELECT string_agg(t.name, chr(10)) FROM tags t WHERE t.manifest_id = m.id),
                   CASE WHEN m.media_type IN (@ociIndex, @dockerList) THEN m.content END
            FROM manifests m
            WHERE m.repository_id = @id AND (m.index_child = 0 OR EXISTS (SELECT 1 FROM tags t WHERE t.manifest_id = m.id))
            ORDER BY m.created_at DESC, m.digest
            """).With("id", id).With("ociIndex", MediaTypes.OciIndex).With("dockerList", MediaTypes.DockerManifestList);
        return await command.ReadAllAsync(CommonRows.ManifestSummary, cancellationToken);
    }

    public async Task<long> LinkedBytesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("SELECT coalesce(sum(b.size), 0)::bigint FROM repository_blobs rb JOIN blobs b ON b.digest = rb.digest")
            .ScalarInt64Async(cancellationToken) ?? 0;
    }

    public async Task<IReadOnlyList<UploadSession>> ListUploadsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT id, repository, started_at FROM uploads ORDER BY started_at LIMIT 1000");
        return await command.ReadAllAsync(CommonRows.UploadSession, cancellationToken);
    }
}
