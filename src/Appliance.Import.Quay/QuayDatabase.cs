using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Appliance.Import.Quay;

/// <summary>
/// Quay's SQLite database, opened read-only (the takeover never writes it: the old registry must be able to start again
/// as it was). Tables and columns as quay/quay's <c>data/database.py</c> defines them (peewee: a foreign key x is x_id).
/// </summary>
public sealed class QuayDatabase : IAsyncDisposable
{
    /// <summary>Quay's repository state for a repository being deleted (data/database.py RepositoryState.MARKED_FOR_DELETION).</summary>
    private const int MarkedForDeletion = 3;

    /// <summary>What does not move, counted where the table exists: (table, count query, what, why).</summary>
    private static readonly (string Table, string Count, string What)[] Leftovers =
    [
        ("repositorynotification", "SELECT COUNT(*) FROM repositorynotification",
            "repository notifications: this registry sends none (its audit trail and metrics say what happened)"),
        ("repositorybuildtrigger", "SELECT COUNT(*) FROM repositorybuildtrigger", "build triggers: this registry builds no images"),
        ("repomirrorconfig", "SELECT COUNT(*) FROM repomirrorconfig",
            "repository mirroring configurations: mirror into this registry with oc-mirror or skopeo sync instead"),
        ("manifestlabel", "SELECT COUNT(*) FROM manifestlabel",
            "labels set through Quay's API: the labels in the images' own configs stay, these do not"),
        ("appspecificauthtoken", "SELECT COUNT(*) FROM appspecificauthtoken",
            "application-specific tokens: their users log in with their passwords or a robot account instead"),
        ("userorganizationquota", "SELECT COUNT(*) FROM userorganizationquota", "storage quotas: this registry has none"),
        ("namespaceautoprunepolicy", "SELECT COUNT(*) FROM namespaceautoprunepolicy", "namespace auto-prune policies: this registry prunes nothing on its own"),
        ("repositoryautoprunepolicy", "SELECT COUNT(*) FROM repositoryautoprunepolicy", "repository auto-prune policies: this registry prunes nothing on its own"),
        ("tag", "SELECT COUNT(*) FROM tag WHERE lifetime_end_ms IS NOT NULL AND lifetime_end_ms <= $now",
            "deleted or moved tags kept by Quay's time machine: only live tags move"),
        ("tag", "SELECT COUNT(*) FROM tag WHERE lifetime_end_ms > $now AND hidden = 0",
            "tags with an expiry date: they move, but do not expire here"),
    ];

    private readonly SqliteConnection _connection;

    private QuayDatabase(SqliteConnection connection) => _connection = connection;

    /// <exception cref="InvalidDataException">The file is missing or no SQLite database.</exception>
    public static async Task<QuayDatabase> OpenAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file)) throw new InvalidDataException($"{file}: not found (is --sqlite Quay's quay_sqlite.db?)");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            return new QuayDatabase(connection);
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            throw new InvalidDataException($"{file}: cannot be opened read-only ({e.Message})", e);
        }
    }

    /// <summary>The alembic revision the schema is at; null when there is none (not Quay's database).</summary>
    public async Task<string?> ReadSchemaVersionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ScalarAsync("SELECT version_num FROM alembic_version", cancellationToken) as string;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <param name="nowMs">Now, in Quay's milliseconds since the epoch: a tag whose lifetime ends later is still live.</param>
    public async Task<QuaySnapshot> ReadSnapshotAsync(string schemaVersion, long nowMs, CancellationToken cancellationToken)
    {
        var users = await ReadAsync("""SELECT id, username, password_hash, organization, robot, enabled FROM "user" ORDER BY username""",
            r => new QuayUser(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetBoolean(3), r.GetBoolean(4), r.GetBoolean(5)),
            cancellationToken);
        var names = users.ToDictionary(u => u.Id, u => u.Name);
        var tokens = (await ReadAsync("SELECT robot_account_id, token FROM robotaccounttoken", r => (r.GetInt64(0), r.GetString(1)), cancellationToken))
            .ToDictionary(t => t.Item1, t => t.Item2);
        var members = (await ReadAsync("SELECT team_id, user_id FROM teammember", r => (Team: r.GetInt64(0), User: r.GetInt64(1)), cancellationToken))
            .ToLookup(m => m.Team, m => m.User);
        var teams = await ReadAsync("SELECT t.id, t.organization_id, tr.name FROM team t JOIN teamrole tr ON tr.id = t.role_id",
            r => new QuayTeam(r.GetInt64(0), r.GetInt64(1), r.GetString(2), [.. members[r.GetInt64(0)]]), cancellationToken);
        // Only image repositories (not the old application kind) whose namespace exists and that are not being deleted.
        var repositories = (await ReadAsync("""
            SELECT r.id, r.namespace_user_id, r.name, v.name FROM repository r
            JOIN visibility v ON v.id = r.visibility_id JOIN repositorykind k ON k.id = r.kind_id
            WHERE k.name = 'image' AND r.state <> $deleting
            """,
            r => (Id: r.GetInt64(0), Namespace: r.IsDBNull(1) ? null : names.GetValueOrDefault(r.GetInt64(1)), Name: r.GetString(2), Visibility: r.GetString(3)),
            cancellationToken, ("$deleting", MarkedForDeletion)))
            .Where(r => r.Namespace is not null)
            .Select(r => new QuayRepository(r.Id, r.Namespace!, r.Name, r.Visibility == "public"))
            .OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
        var repositoryIds = repositories.Select(r => r.Id).ToHashSet();
        var permissions = (await ReadAsync("SELECT rp.user_id, rp.team_id, rp.repository_id, ro.name FROM repositorypermission rp JOIN role ro ON ro.id = rp.role_id",
            r => new QuayPermission(r.IsDBNull(0) ? null : r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.GetInt64(2), r.GetString(3)), cancellationToken))
            .Where(p => repositoryIds.Contains(p.RepositoryId)).ToList();
        var tags = (await ReadAsync("""
            SELECT repository_id, name, manifest_id, lifetime_start_ms, lifetime_end_ms FROM tag
            WHERE (lifetime_end_ms IS NULL OR lifetime_end_ms > $now) AND hidden = 0 AND manifest_id IS NOT NULL
            ORDER BY repository_id, name
            """,
            r => new QuayTag(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4)), cancellationToken, ("$now", nowMs)))
            .Where(t => repositoryIds.Contains(t.RepositoryId)).ToList();

        var allManifests = (await ReadAsync("SELECT m.id, m.repository_id, m.digest, mt.name FROM manifest m JOIN mediatype mt ON mt.id = m.media_type_id",
            r => new QuayManifest(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3)), cancellationToken)).ToDictionary(m => m.Id);
        var allChildren = (await ReadAsync("SELECT manifest_id, child_manifest_id FROM manifestchild", r => (r.GetInt64(0), r.GetInt64(1)), cancellationToken))
            .ToLookup(c => c.Item1, c => c.Item2);
        var manifests = new Dictionary<long, QuayManifest>();
        var children = new Dictionary<long, IReadOnlyList<long>>();
        var pending = new Queue<long>(tags.Select(t => t.ManifestId));
        while (pending.TryDequeue(out var id))
        {
            if (manifests.ContainsKey(id) || !allManifests.TryGetValue(id, out var manifest)) continue;
            manifests[id] = manifest;
            if (!allChildren.Contains(id)) continue;
            children[id] = [.. allChildren[id]];
            foreach (var child in allChildren[id]) pending.Enqueue(child);
        }

        // Quay's manifest row has no time; the first tag row that ever named it (a live tag, one the time machine keeps, or
        // the hidden temporary tag a push by digest gets) records when it was pushed.
        var pushedMs = (await ReadAsync("SELECT manifest_id, MIN(lifetime_start_ms) FROM tag WHERE manifest_id IS NOT NULL GROUP BY manifest_id",
                r => (Manifest: r.GetInt64(0), StartMs: r.GetInt64(1)), cancellationToken))
            .Where(p => manifests.ContainsKey(p.Manifest)).ToDictionary(p => p.Manifest, p => p.StartMs);

        var manifestBlobs = (await ReadAsync("SELECT manifest_id, blob_id FROM manifestblob", r => (r.GetInt64(0), r.GetInt64(1)), cancellationToken))
            .Where(b => manifests.ContainsKey(b.Item1)).GroupBy(b => b.Item1).ToDictionary(g => g.Key, g => (IReadOnlyList<long>)[.. g.Select(b => b.Item2)]);
        var blobIds = manifestBlobs.Values.SelectMany(b => b).ToHashSet();
        var blobs = (await ReadAsync("SELECT id, content_checksum, image_size, uploading, cas_path FROM imagestorage",
            r => new QuayBlob(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2),
                r.IsDBNull(3) || !r.GetBoolean(3), r.GetBoolean(4)), cancellationToken))
            .Where(b => blobIds.Contains(b.Id)).ToDictionary(b => b.Id);

        return new QuaySnapshot
        {
            SchemaVersion = schemaVersion, Users = users, RobotTokens = tokens, Teams = teams, Repositories = repositories, Permissions = permissions,
            Tags = tags, Manifests = manifests, PushedMs = pushedMs, Children = children, ManifestBlobs = manifestBlobs, Blobs = blobs,
            NotMoved = await ReadLeftoversAsync(nowMs, cancellationToken),
        };
    }

    /// <summary>A manifest's bytes exactly as pushed: Quay keeps them as text, which is their UTF-8.</summary>
    public async Task<string> ReadManifestBytesAsync(long manifestId, CancellationToken cancellationToken) =>
        (string)(await ScalarAsync("SELECT manifest_bytes FROM manifest WHERE id = $id", cancellationToken, ("$id", manifestId)))!;

    private async Task<List<string>> ReadLeftoversAsync(long nowMs, CancellationToken cancellationToken)
    {
        var tables = (await ReadAsync("SELECT name FROM sqlite_master WHERE type = 'table'", r => r.GetString(0), cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var (table, count, what) in Leftovers)
        {
            if (!tables.Contains(table)) continue;
            var rows = (long)(await ScalarAsync(count, cancellationToken, ("$now", nowMs)))!;
            if (rows > 0) lines.Add($"{rows} {what}");
        }
        return lines;
    }

    private async Task<List<T>> ReadAsync<T>(string sql, Func<DbDataReader, T> row, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(row(reader));
        return rows;
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private SqliteCommand Command(string sql, (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
