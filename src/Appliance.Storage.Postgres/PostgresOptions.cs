namespace Appliance.Storage.Postgres;

/// <summary>How to reach the PostgreSQL database; bound from the <c>metadata</c> section, next to its <c>driver</c>.</summary>
public sealed class PostgresOptions
{
    public const string Section = "metadata";

    /// <summary>Npgsql connection string, without the password: that is read from <see cref="PasswordFile"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>File holding the PostgreSQL password, so it is neither in the config file nor on a command line.</summary>
    public string? PasswordFile { get; set; }
}
