using System.Text.Json.Serialization;

namespace Appliance.Installer.Installation;

/// <summary>
/// The shared storage engines an install was given (<c>--pgConnection</c>, <c>--s3Config</c>), as recorded in install.json:
/// only what is not secret. Null members mean the single-host defaults (SQLite, blobs in the data directory).
/// </summary>
public sealed record EngineSettings(PostgresSettings? Postgres, S3Settings? S3)
{
    public static EngineSettings Default { get; } = new(null, null);

    [JsonIgnore]
    public bool IsDefault => Postgres is null && S3 is null;

    /// <summary>
    /// Why a reinstall over <paramref name="installed"/> with these engines would lose sight of the data it has, or null.
    /// Another database or bucket is the operator's choice; adding or dropping an engine never is what --force means.
    /// </summary>
    public string? Mismatch(EngineSettings installed) =>
        (installed.Postgres is null, Postgres is null) switch
        {
            (true, false) => "its metadata is in SQLite in the data directory, and --pgConnection would start on a database without it",
            (false, true) => "its metadata is in PostgreSQL: give --pgConnection again",
            _ => (installed.S3 is null, S3 is null) switch
            {
                (true, false) => "its blobs are in the data directory, and --s3Config would start on a bucket without them",
                (false, true) => "its blobs are in S3: give --s3Config again",
                _ => null,
            },
        };
}

/// <summary><c>metadata.connectionString</c> (Npgsql syntax, never with the password).</summary>
public sealed record PostgresSettings(string ConnectionString);

/// <summary>The <c>storage.s3</c> settings other than the credentials.</summary>
public sealed record S3Settings(string? Endpoint, string Region, string Bucket, string Prefix, bool PathStyle, bool Redirect)
{
    public string Describe() => $"bucket {Bucket}{(Prefix.Length > 0 ? $", prefix {Prefix}" : "")} at {(Endpoint is { Length: > 0 } ? Endpoint : $"AWS S3 ({Region})")}";
}
