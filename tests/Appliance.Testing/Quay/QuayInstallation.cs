using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Appliance.Certs;
using Microsoft.Data.Sqlite;

namespace Appliance.Testing.Quay;

/// <summary>
/// A mirror-registry 2.x installation as it lies on disk (<c>~/quay-install</c>): <c>quay-config/config.yaml</c> (and
/// optionally <c>ssl.cert</c>/<c>ssl.key</c>), <c>sqlite-storage/quay_sqlite.db</c> with Quay's schema and rows as Quay
/// writes them, blob files in <c>quay-storage/sha256/&lt;xx&gt;/&lt;hex&gt;</c>, and <c>quay-rootCA/</c>. Built by the
/// tests from Quay's public schema facts; nothing of Quay is run or downloaded.
/// </summary>
public sealed class QuayInstallation
{
    public const string SupportedSchemaVersion = QuaySchema.MirrorRegistry2Version;

    private readonly string _connectionString;
    private readonly List<string> _superUsers = [];
    private long _clockMs = 1_767_225_600_000; // 2026-01-01, advanced per push so tags have distinct times

    /// <param name="root">The installation directory (what mirror-registry calls quayRoot); created.</param>
    public QuayInstallation(string root, string serverHostname, string? schemaVersion = null)
    {
        Root = root;
        ServerHostname = serverHostname;
        // mirror-registry generates 48 random base64 characters.
        DatabaseSecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(36));
        foreach (var directory in new[] { ConfigDirectory, Path.GetDirectoryName(SqliteFile)!, StorageDirectory, RootCaDirectory })
        {
            Directory.CreateDirectory(directory);
        }
        _connectionString = new SqliteConnectionStringBuilder { DataSource = SqliteFile, Pooling = false }.ToString();
        Execute(QuaySchema.Ddl);
        Execute("INSERT INTO alembic_version (version_num) VALUES ($v)", ("$v", schemaVersion ?? SupportedSchemaVersion));
        WriteConfig();
    }

    public string Root { get; }

    public string ServerHostname { get; }

    public string DatabaseSecretKey { get; }

    public string ConfigDirectory => Path.Combine(Root, "quay-config");

    public string SqliteFile => Path.Combine(Root, "sqlite-storage", "quay_sqlite.db");

    public string StorageDirectory => Path.Combine(Root, "quay-storage");

    public string RootCaDirectory => Path.Combine(Root, "quay-rootCA");

    /// <summary>Where Quay's LocalStorage keeps a blob (content-addressed: <c>sha256/&lt;first two hex&gt;/&lt;hex&gt;</c>).</summary>
    public string BlobFile(string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Combine(StorageDirectory, "sha256", hex[..2], hex);
    }

    /// <summary>A user with a bcrypt hash of the password as Quay stores it ($2b$, the password itself, not pre-hashed).</summary>
    public QuayInstallation AddUser(string name, string password, bool superUser = false)
    {
        InsertUser(name, BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(5, 'b')), organization: false, robot: false);
        if (superUser)
        {
            _superUsers.Add(name);
            WriteConfig();
        }
        return this;
    }

    /// <summary>An organization (a user row marked organization) with its owners team, whose members are <paramref name="owners"/>.</summary>
    public QuayInstallation AddOrganization(string name, params string[] owners)
    {
        InsertUser(name, null, organization: true, robot: false);
        AddTeam(name, "owners", "admin", owners);
        return this;
    }

    /// <summary>A team of an organization with a team role (admin, creator, member) and its members; returns its id.</summary>
    public long AddTeam(string organization, string team, string teamRole, params string[] members)
    {
        var id = Insert("INSERT INTO team (name, organization_id, role_id, description) VALUES ($n, $o, (SELECT id FROM teamrole WHERE name = $r), '')",
            ("$n", team), ("$o", UserId(organization)), ("$r", teamRole));
        foreach (var member in members) Execute("INSERT INTO teammember (user_id, team_id) VALUES ($u, $t)", ("$u", UserId(member)), ("$t", id));
        return id;
    }

    /// <summary>A robot account <c>namespace+name</c>, its token encrypted with <paramref name="encryptionKey"/> (the config's key by default).</summary>
    public string AddRobot(string @namespace, string name, string token, string? encryptionKey = null)
    {
        var fullName = $"{@namespace}+{name}";
        var id = InsertUser(fullName, null, organization: false, robot: true);
        Execute("INSERT INTO robotaccounttoken (robot_account_id, token, fully_migrated) VALUES ($r, $t, 1)",
            ("$r", id), ("$t", QuayFieldEncryption.Encrypt(encryptionKey ?? DatabaseSecretKey, token)));
        return fullName;
    }

    public QuayInstallation AddRepository(string repository, bool isPublic = false)
    {
        var (@namespace, name) = Split(repository);
        Execute("""
            INSERT INTO repository (namespace_user_id, name, visibility_id, badge_token, kind_id, trust_enabled, state)
            VALUES ($ns, $n, (SELECT id FROM visibility WHERE name = $v), $b, 1, 0, 0)
            """, ("$ns", UserId(@namespace)), ("$n", name), ("$v", isPublic ? "public" : "private"), ("$b", Guid.NewGuid().ToString()));
        return this;
    }

    /// <summary>A repository permission (role admin, write or read) of a user or robot.</summary>
    public QuayInstallation AddPermission(string userOrRobot, string repository, string role)
    {
        Execute("INSERT INTO repositorypermission (user_id, repository_id, role_id) VALUES ($u, $r, (SELECT id FROM role WHERE name = $role))",
            ("$u", UserId(userOrRobot)), ("$r", RepositoryId(repository)), ("$role", role));
        return this;
    }

    /// <summary>A repository permission of a team.</summary>
    public QuayInstallation AddTeamPermission(long team, string repository, string role)
    {
        Execute("INSERT INTO repositorypermission (team_id, repository_id, role_id) VALUES ($t, $r, (SELECT id FROM role WHERE name = $role))",
            ("$t", team), ("$r", RepositoryId(repository)), ("$role", role));
        return this;
    }

    /// <summary>Pushes an image as Quay records it: blob files and imagestorage rows, the manifest, manifestblob rows, a live tag.</summary>
    public QuayInstallation Push(string repository, string tag, TestImage image)
    {
        var manifest = AddManifest(RepositoryId(repository), image);
        SetTag(repository, tag, manifest);
        return this;
    }

    /// <summary>
    /// Pushes an OCI image of <paramref name="layers"/> pseudo-random layers of <paramref name="layerBytes"/> each, streamed
    /// into quay-storage and hashed on the way, so a store of many GiB never passes through memory. The layers are
    /// uncompressed layers by media type (their diff_id is their digest) though their bytes are no tar: Quay and the
    /// import only ever hash them. Returns the manifest's digest.
    /// </summary>
    public string PushLarge(string repository, string tag, int layers, long layerBytes, int seed)
    {
        const string layerType = "application/vnd.oci.image.layer.v1.tar";
        var repositoryId = RepositoryId(repository);
        var layerDigests = Enumerable.Range(0, layers).Select(i => WriteRandomBlob(layerBytes, seed * 1000 + i)).ToList();
        var config = new TestBlob(JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64", os = "linux", rootfs = new { type = "layers", diff_ids = layerDigests },
        }), "application/vnd.oci.image.config.v1+json");
        var manifest = new TestBlob(JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2, mediaType = TestImages.OciManifest, config = config.Descriptor,
            layers = layerDigests.Select(digest => new { mediaType = layerType, digest, size = layerBytes }),
        }), TestImages.OciManifest);
        var blobIds = layerDigests.Select(digest => AddBlob(digest, layerBytes)).Prepend(AddBlob(config));
        SetTag(repository, tag, AddManifest(repositoryId, manifest, blobIds));
        return manifest.Digest;
    }

    /// <summary>Pushes an index: its children as manifests without tags (linked by manifestchild), then the index, tagged.</summary>
    public QuayInstallation Push(string repository, string tag, TestIndex index)
    {
        var repositoryId = RepositoryId(repository);
        var parent = InsertManifest(repositoryId, index.Manifest);
        foreach (var image in index.Images)
        {
            var child = AddManifest(repositoryId, image);
            Execute("INSERT INTO manifestchild (repository_id, manifest_id, child_manifest_id) VALUES ($r, $m, $c)",
                ("$r", repositoryId), ("$m", parent), ("$c", child));
        }
        SetTag(repository, tag, parent);
        return this;
    }

    /// <summary>Ends a tag's lifetime as a delete in Quay does (the row stays, with lifetime_end_ms set: time machine).</summary>
    public QuayInstallation DeleteTag(string repository, string tag)
    {
        Execute("UPDATE tag SET lifetime_end_ms = $end WHERE repository_id = $r AND name = $n AND lifetime_end_ms IS NULL",
            ("$end", _clockMs += 1000), ("$r", RepositoryId(repository)), ("$n", tag));
        return this;
    }

    /// <summary>A live tag that Quay hides (its temporary tags), which is no tag of the repository for a client.</summary>
    public QuayInstallation AddHiddenTag(string repository, string tag, string digest)
    {
        var repositoryId = RepositoryId(repository);
        Execute("""
            INSERT INTO tag (name, repository_id, manifest_id, lifetime_start_ms, lifetime_end_ms, immutable, hidden, reversion, tag_kind_id)
            VALUES ($n, $r, (SELECT id FROM manifest WHERE repository_id = $r AND digest = $d), $s, NULL, 0, 1, 0, 1)
            """, ("$n", tag), ("$r", repositoryId), ("$d", digest), ("$s", _clockMs += 1000));
        return this;
    }

    /// <summary>When the live tag was set (its row's lifetime_start_ms): what Quay shows as its push time.</summary>
    public DateTimeOffset TagSetAt(string repository, string tag) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Scalar("SELECT lifetime_start_ms FROM tag WHERE repository_id = $r AND name = $n AND lifetime_end_ms IS NULL",
            ("$r", RepositoryId(repository)), ("$n", tag))!);

    /// <summary>A notification on a repository, one of the things a takeover does not move.</summary>
    public QuayInstallation AddNotification(string repository)
    {
        Execute("INSERT INTO repositorynotification (uuid, repository_id, event_id, method_id, title, config_json) VALUES ($u, $r, 1, 1, 'push', '{}')",
            ("$u", Guid.NewGuid().ToString()), ("$r", RepositoryId(repository)));
        return this;
    }

    /// <summary>A repository mirroring configuration, which does not move either.</summary>
    public QuayInstallation AddMirrorConfig(string repository, string externalReference)
    {
        Execute("INSERT INTO repomirrorconfig (repository_id, external_reference, is_enabled) VALUES ($r, $e, 1)",
            ("$r", RepositoryId(repository)), ("$e", externalReference));
        return this;
    }

    /// <summary>
    /// The served certificate in quay-config (ssl.cert, ssl.key) and the CA clusters trust in quay-rootCA (rootCA.pem,
    /// rootCA.key), as mirror-registry generates them; returns the CA's PEM.
    /// </summary>
    public string WriteCertificates()
    {
        using var authority = CertificateAuthority.Create();
        using var server = authority.IssueServerCertificate(new ServerCertificateRequest([ServerHostname.Split(':')[0]], []));
        File.WriteAllText(Path.Combine(ConfigDirectory, "ssl.cert"), server.ExportCertificatePem() + "\n" + authority.Certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(ConfigDirectory, "ssl.key"), KeyPem(server));
        var caPem = authority.Certificate.ExportCertificatePem() + "\n";
        File.WriteAllText(Path.Combine(RootCaDirectory, "rootCA.pem"), caPem);
        File.WriteAllText(Path.Combine(RootCaDirectory, "rootCA.key"), KeyPem(authority.Certificate));
        return caPem;
    }

    /// <summary>The certificates are ECDSA P-256, Appliance.Certs' default.</summary>
    private static string KeyPem(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey()!;
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    private long AddManifest(long repositoryId, TestImage image) => AddManifest(repositoryId, image.Manifest, image.Blobs.Select(AddBlob));

    private long AddManifest(long repositoryId, TestBlob manifestBlob, IEnumerable<long> blobIds)
    {
        var manifest = InsertManifest(repositoryId, manifestBlob);
        foreach (var blob in blobIds)
        {
            Execute("INSERT OR IGNORE INTO manifestblob (repository_id, manifest_id, blob_id) VALUES ($r, $m, $b)",
                ("$r", repositoryId), ("$m", manifest), ("$b", blob));
        }
        return manifest;
    }

    private long AddBlob(TestBlob blob)
    {
        var file = BlobFile(blob.Digest);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, blob.Content);
        return AddBlob(blob.Digest, blob.Content.LongLength);
    }

    /// <summary>
    /// The rows of a blob whose file is in place. Quay keeps one imagestorage row per content (deduplicated by checksum)
    /// and its file once.
    /// </summary>
    private long AddBlob(string digest, long size)
    {
        if (Scalar("SELECT id FROM imagestorage WHERE content_checksum = $c", ("$c", digest)) is long existing) return existing;
        var id = Insert("""
            INSERT INTO imagestorage (uuid, image_size, uncompressed_size, uploading, cas_path, content_checksum)
            VALUES ($u, $s, NULL, 0, 1, $c)
            """, ("$u", Guid.NewGuid().ToString()), ("$s", size), ("$c", digest));
        Execute("INSERT INTO imagestorageplacement (storage_id, location_id) VALUES ($s, 1)", ("$s", id));
        return id;
    }

    /// <summary>Streams pseudo-random bytes into a temporary file in quay-storage, hashing them, then moves it to its content address.</summary>
    private string WriteRandomBlob(long size, int seed)
    {
        var temporary = Path.Combine(StorageDirectory, $"upload-{seed}.tmp");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        using (var random = new RandomStream(size, seed))
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 0))
        {
            int read;
            while ((read = random.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                file.Write(buffer, 0, read);
            }
        }
        var digest = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        var target = BlobFile(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(temporary, target, overwrite: true);
        return digest;
    }

    private long InsertManifest(long repositoryId, TestBlob manifest)
    {
        if (Scalar("SELECT id FROM manifest WHERE repository_id = $r AND digest = $d", ("$r", repositoryId), ("$d", manifest.Digest)) is long existing)
        {
            return existing;
        }
        Execute("INSERT OR IGNORE INTO mediatype (name) VALUES ($n)", ("$n", manifest.MediaType));
        return Insert("""
            INSERT INTO manifest (repository_id, digest, media_type_id, manifest_bytes)
            VALUES ($r, $d, (SELECT id FROM mediatype WHERE name = $t), $b)
            """, ("$r", repositoryId), ("$d", manifest.Digest), ("$t", manifest.MediaType), ("$b", Encoding.UTF8.GetString(manifest.Content)));
    }

    /// <summary>Moves a tag as Quay does: the live row's lifetime ends, a new row starts.</summary>
    private void SetTag(string repository, string tag, long manifest)
    {
        var repositoryId = RepositoryId(repository);
        var now = _clockMs += 1000;
        Execute("UPDATE tag SET lifetime_end_ms = $now WHERE repository_id = $r AND name = $n AND lifetime_end_ms IS NULL",
            ("$now", now), ("$r", repositoryId), ("$n", tag));
        Execute("""
            INSERT INTO tag (name, repository_id, manifest_id, lifetime_start_ms, lifetime_end_ms, immutable, hidden, reversion, tag_kind_id)
            VALUES ($n, $r, $m, $s, NULL, 0, 0, 0, 1)
            """, ("$n", tag), ("$r", repositoryId), ("$m", manifest), ("$s", now));
    }

    private long InsertUser(string name, string? passwordHash, bool organization, bool robot) =>
        Insert("""
            INSERT INTO "user" (uuid, username, password_hash, email, verified, organization, robot, enabled, creation_date)
            VALUES ($u, $n, $p, $e, 1, $o, $r, 1, CURRENT_TIMESTAMP)
            """, ("$u", Guid.NewGuid().ToString()), ("$n", name), ("$p", passwordHash), ("$e", $"{name}@example.invalid"),
            ("$o", organization ? 1 : 0), ("$r", robot ? 1 : 0));

    private long UserId(string name) =>
        Scalar("SELECT id FROM \"user\" WHERE username = $n", ("$n", name)) as long? ?? throw new ArgumentException($"no Quay user {name}");

    private long RepositoryId(string repository)
    {
        var (@namespace, name) = Split(repository);
        return Scalar("SELECT id FROM repository WHERE namespace_user_id = $ns AND name = $n", ("$ns", UserId(@namespace)), ("$n", name)) as long?
            ?? throw new ArgumentException($"no Quay repository {repository}");
    }

    /// <summary>Quay's repositories are namespace/name, one level below the namespace.</summary>
    private static (string Namespace, string Name) Split(string repository)
    {
        var slash = repository.IndexOf('/');
        return (repository[..slash], repository[(slash + 1)..]);
    }

    private void WriteConfig()
    {
        var config = new StringBuilder()
            .AppendLine("AUTHENTICATION_TYPE: Database")
            .AppendLine($"DATABASE_SECRET_KEY: {DatabaseSecretKey}")
            .AppendLine("DB_URI: sqlite:////sqlite/quay_sqlite.db")
            .AppendLine("DISTRIBUTED_STORAGE_CONFIG:")
            .AppendLine("  default:")
            .AppendLine("    - LocalStorage")
            .AppendLine("    - storage_path: /datastorage")
            .AppendLine("FEATURE_ANONYMOUS_ACCESS: true")
            .AppendLine("FEATURE_REPO_MIRROR: true")
            .AppendLine("PREFERRED_URL_SCHEME: https")
            .AppendLine("SECRET_KEY: " + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)))
            .AppendLine($"SERVER_HOSTNAME: {ServerHostname}")
            .AppendLine("SETUP_COMPLETE: true")
            .AppendLine(_superUsers.Count == 0 ? "SUPER_USERS: []" : "SUPER_USERS:");
        foreach (var user in _superUsers) config.AppendLine($"  - {user}");
        config.AppendLine("USERFILES_LOCATION: default").AppendLine("CREATE_NAMESPACE_ON_PUSH: true");
        File.WriteAllText(Path.Combine(ConfigDirectory, "config.yaml"), config.ToString());
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar();
    }

    private long Insert(string sql, params (string Name, object? Value)[] parameters) =>
        (long)Scalar(sql + " RETURNING id", parameters)!;
}
