using Amazon.S3.Model;
using Npgsql;

namespace Appliance.Installer.Tests;

/// <summary>
/// A PostgreSQL database and an S3 bucket for installed replicas: the test cluster and Ceph RGW of this test process,
/// with a fresh database and bucket, and the --pgConnection / --s3Config files an operator would write for them.
/// Test hosts reach both through <see cref="TestHost.ShareAsync"/> at the addresses written in the files.
/// </summary>
public sealed class SharedEngines : IDisposable
{
    private readonly TestDirectory files = new("mirror-registry-engines");
    private readonly PostgresServer postgres;
    private readonly CephRgw ceph;
    private readonly string connectionString;

    private SharedEngines(PostgresServer postgres, CephRgw ceph, string connectionString, string bucket)
    {
        this.postgres = postgres;
        this.ceph = ceph;
        this.connectionString = connectionString;
        Bucket = bucket;
        File.Copy(postgres.PasswordFile, files.Combine("pg-password"));
        File.Copy(ceph.CredentialsFile, files.Combine("s3-credentials"));
        PgConnection = WritePgConnection("pg.yaml", "pg-password");
        S3Config = WriteS3Config("s3.yaml", bucket);
    }

    public string Bucket { get; }
    public string PgConnection { get; }
    public string S3Config { get; }
    public string Password => File.ReadAllText(postgres.PasswordFile).Trim();
    public string SecretKey => ceph.SecretKey;

    /// <summary>Why these tests cannot run here, or null.</summary>
    public static string? Unavailable() =>
        TestHost.Unavailable() ?? (!PostgresServer.IsInstalled ? "PostgreSQL is not installed (apt-get install postgresql)"
            : !ProcessRunner.IsInstalled("radosgw") ? "Ceph RGW is not installed (apt-get install ceph-mon ceph-osd radosgw ceph-common)" : null);

    public static async Task<SharedEngines> CreateAsync(CancellationToken cancellationToken)
    {
        var postgres = await PostgresServer.SharedAsync();
        var ceph = await CephRgw.SharedAsync();
        return new SharedEngines(postgres, ceph, await postgres.CreateDatabaseAsync(cancellationToken), await ceph.CreateBucketAsync(cancellationToken));
    }

    /// <summary>Lets <paramref name="host"/> reach the database and the object store at 127.0.0.1, as the files name them.</summary>
    public async Task ShareWithAsync(TestHost host)
    {
        await host.ShareAsync(postgres.Port);
        await host.ShareAsync(new Uri(ceph.Endpoint).Port);
    }

    /// <summary>A --pgConnection file whose password file says <paramref name="password"/> instead of the real one.</summary>
    public string PgConnectionWithPassword(string password)
    {
        File.WriteAllText(files.Combine("wrong-password"), password + "\n");
        return WritePgConnection("pg-wrong-password.yaml", "wrong-password");
    }

    public string S3ConfigForBucket(string bucket) => WriteS3Config($"s3-{bucket}.yaml", bucket);

    public async Task<List<string>> BlobKeysAsync(CancellationToken cancellationToken)
    {
        using var s3 = ceph.CreateClient();
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = "replicas/blobs/" }, cancellationToken);
        return [.. (listing.S3Objects ?? []).Select(o => o.Key)];
    }

    public async Task<long> CountAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection($"{connectionString};Password={Password}");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private string WritePgConnection(string name, string passwordFile)
    {
        File.WriteAllText(files.Combine(name), $"connectionString: \"{connectionString}\"\npasswordFile: {passwordFile}\n");
        return files.Combine(name);
    }

    private string WriteS3Config(string name, string bucket)
    {
        File.WriteAllText(files.Combine(name), $"endpoint: {ceph.Endpoint}\nregion: us-east-1\nbucket: {bucket}\nprefix: replicas\npathStyle: true\ncredentialsFile: s3-credentials\n");
        return files.Combine(name);
    }

    public void Dispose() => files.Dispose();
}
