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
}

/// <summary><c>metadata.connectionString</c> (Npgsql syntax, never with the password).</summary>
public sealed record PostgresSettings(string ConnectionString);

/// <summary>The <c>storage.s3</c> settings other than the credentials.</summary>
public sealed record S3Settings(string? Endpoint, string Region, string Bucket, string Prefix, bool PathStyle, bool Redirect)
{
    public string Describe() => $"bucket {Bucket}{(Prefix.Length > 0 ? $", prefix {Prefix}" : "")} at {(Endpoint is { Length: > 0 } ? Endpoint : $"AWS S3 ({Region})")}";
}
