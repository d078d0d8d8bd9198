namespace Appliance.Import.Quay;

/// <summary>
/// A mirror-registry 2.x installation read for a takeover: Quay's config, its SQLite database (read-only) and its blob
/// storage. Opening it reads the schema version first; an unknown one stops there (<see cref="Snapshot"/> null), before
/// any query that assumes a schema.
/// </summary>
public sealed class MirrorRegistryInstallation : IAsyncDisposable
{
    private MirrorRegistryInstallation(QuayConfig config, QuayDatabase database, QuayBlobFiles files, string? schemaVersion, string sqliteFile)
    {
        Config = config;
        Database = database;
        Files = files;
        SchemaVersion = schemaVersion;
        SqliteFile = sqliteFile;
    }

    public QuayConfig Config { get; }

    public QuayDatabase Database { get; }

    public QuayBlobFiles Files { get; }

    public string? SchemaVersion { get; }

    public string SqliteFile { get; }

    public bool Supported => Snapshot is not null;

    public QuaySnapshot? Snapshot { get; private set; }

    public QuayIdentities? Identities { get; private set; }

    /// <exception cref="InvalidDataException">The config, the database or the storage directory is missing or unreadable.</exception>
    public static async Task<MirrorRegistryInstallation> OpenAsync(string configDirectory, string sqliteFile, string storageDirectory, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var config = QuayConfig.Read(configDirectory);
        if (!Directory.Exists(storageDirectory)) throw new InvalidDataException($"{storageDirectory}: no such directory (is --quay-storage Quay's quay-storage?)");
        var database = await QuayDatabase.OpenAsync(sqliteFile, cancellationToken);
        var version = await database.ReadSchemaVersionAsync(cancellationToken);
        var installation = new MirrorRegistryInstallation(config, database, new QuayBlobFiles(storageDirectory), version, Path.GetFullPath(sqliteFile));
        if (QuaySchemaVersions.IsSupported(version))
        {
            installation.Snapshot = await database.ReadSnapshotAsync(version!, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
            installation.Identities = new QuayIdentities(installation.Snapshot, config);
        }
        return installation;
    }

    public QuayContent Content() => new(Database, Snapshot!, Files, SqliteFile);

    /// <param name="bytesLinked">Whether the blobs will be hard-linked (--link onto the same mount): then nothing is copied.</param>
    /// <param name="verifySample">How many blobs to re-hash now (spread over all of them), so damage shows in the plan.</param>
    public async Task<QuayPlan> PlanAsync(bool bytesLinked, int verifySample, CancellationToken cancellationToken)
    {
        if (Snapshot is not { } snapshot || Identities is not { } identities)
        {
            return new QuayPlan(SchemaVersion, false, Config.ServerHostname, 0, 0, 0, 0, 0, 0, 0, 0, 0, [], [],
                [$"schema version {SchemaVersion ?? "(none: no alembic_version table)"} is not one this registry reads ({QuaySchemaVersions.MirrorRegistry2}, Quay 3.12 of mirror-registry 2.0.x): nothing moves"], []);
        }
        var needing = new QuayImageNames(snapshot).ByBlob();
        var unique = snapshot.Blobs.Values.Where(b => b.Digest is not null).GroupBy(b => b.Digest!).Select(g => g.First()).ToList();
        var missing = new List<QuayMissingBlob>();
        var whole = new List<QuayBlob>();
        foreach (var blob in snapshot.Blobs.Values.OrderBy(b => b.Digest, StringComparer.Ordinal))
        {
            if (Files.Problem(blob) is { } problem) missing.Add(new QuayMissingBlob(blob.Digest ?? $"imagestorage {blob.Id}", problem, [.. needing[blob.Id]]));
            else whole.Add(blob);
        }
        if (verifySample > 0 && whole.Count > 0)
        {
            var step = Math.Max(1, whole.Count / verifySample);
            for (var i = 0; i < whole.Count && i / step < verifySample; i += step)
            {
                if (await Files.HashProblemAsync(whole[i], cancellationToken) is { } damage)
                {
                    missing.Add(new QuayMissingBlob(whole[i].Digest!, damage, [.. needing[whole[i].Id]]));
                }
            }
        }
        var bytes = unique.Sum(b => b.Size ?? 0);
        return new QuayPlan(SchemaVersion, true, Config.ServerHostname,
            snapshot.People.Count(), snapshot.Robots.Count(), snapshot.Organizations.Count(), snapshot.Repositories.Count, snapshot.Tags.Count,
            snapshot.Manifests.Count, unique.Count, bytes, bytesLinked ? 0 : bytes, identities.UndecryptableRobots, missing,
            [.. snapshot.NotMoved, .. identities.NotMoved], ServeableTags(snapshot, missing.Select(m => m.Digest).ToHashSet(StringComparer.Ordinal)));
    }

    /// <summary>The live tags as repository:tag@digest, but those whose manifest or a child of it needs a blob Quay lacks.</summary>
    private static List<string> ServeableTags(QuaySnapshot snapshot, HashSet<string> lacking)
    {
        var repositories = snapshot.Repositories.ToDictionary(r => r.Id, r => r.Path);
        var whole = new Dictionary<long, bool>();
        bool Whole(long manifest)
        {
            if (whole.TryGetValue(manifest, out var known)) return known;
            whole[manifest] = false; // an index that lists itself, however deep, is not whole
            return whole[manifest] = snapshot.Manifests.ContainsKey(manifest)
                && snapshot.ManifestBlobs.GetValueOrDefault(manifest, []).All(b => snapshot.Blobs.TryGetValue(b, out var blob) && !lacking.Contains(blob.Digest ?? $"imagestorage {blob.Id}"))
                && snapshot.Children.GetValueOrDefault(manifest, []).All(Whole);
        }
        return [.. snapshot.Tags.Where(t => Whole(t.ManifestId))
            .Select(t => $"{repositories[t.RepositoryId]}:{t.Name}@{snapshot.Manifests[t.ManifestId].Digest}").Order(StringComparer.Ordinal)];
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
