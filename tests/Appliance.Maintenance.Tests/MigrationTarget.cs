using Amazon.S3;
using Amazon.S3.Model;
using Appliance.Testing;
using Npgsql;

namespace Appliance.Maintenance.Tests;

/// <summary>
/// A fresh bucket on the test Ceph and a fresh database on the test PostgreSQL, named by a registry config file: what
/// <c>migrate --to-config</c> is given.
/// </summary>
internal sealed record MigrationTarget(string ConfigFile, string Bucket, string ConnectionString)
{
    public static async Task<MigrationTarget> CreateAsync(TestDirectory directory, CancellationToken cancellationToken,
        string? s3Endpoint = null, string? connectionString = null)
    {
        var ceph = await CephRgw.SharedAsync();
        var postgres = await PostgresServer.SharedAsync();
        var bucket = await ceph.CreateBucketAsync(cancellationToken);
        var database = await postgres.CreateDatabaseAsync(cancellationToken);
        var file = directory.Combine($"target-{bucket}.yaml");
        await File.WriteAllTextAsync(file, $"""
            storage:
              driver: s3
              s3:
                endpoint: {s3Endpoint ?? ceph.Endpoint}
                bucket: {bucket}
                credentialsFile: {ceph.CredentialsFile}
            metadata:
              driver: postgres
              connectionString: "{connectionString ?? database}"
              passwordFile: {postgres.PasswordFile}
            """, cancellationToken);
        return new MigrationTarget(file, bucket, database);
    }

    /// <summary>Keys in the bucket under <paramref name="prefix"/>.</summary>
    public async Task<List<string>> ObjectsAsync(AmazonS3Client s3, string prefix, CancellationToken cancellationToken)
    {
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix }, cancellationToken);
        return (listing.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    /// <summary>How many tables the database has: none until something created the registry's schema.</summary>
    public Task<long> TableCountAsync(CancellationToken cancellationToken) =>
        CountAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", cancellationToken);

    /// <summary>How many blobs the target has recorded so far (none before its schema exists).</summary>
    public async Task<long> BlobCountAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await CountAsync("SELECT count(*) FROM blobs", cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    private async Task<long> CountAsync(string query, CancellationToken cancellationToken)
    {
        var postgres = await PostgresServer.SharedAsync();
        var password = (await File.ReadAllTextAsync(postgres.PasswordFile, cancellationToken)).Trim();
        await using var connection = new NpgsqlConnection($"{ConnectionString};Password={password}");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(query, connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
