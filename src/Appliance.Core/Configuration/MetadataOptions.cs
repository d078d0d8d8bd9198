namespace Appliance.Core.Configuration;

/// <summary>Where the metadata (repositories, manifests, links, users, audit) lives; bound from the <c>metadata</c> section.</summary>
public sealed class MetadataOptions
{
    public const string Section = "metadata";

    /// <summary><c>sqlite</c> (one host, the database in the data directory) or <c>postgres</c> (shared by several replicas).</summary>
    public string Driver { get; set; } = "sqlite";

    /// <summary>Npgsql connection string for <c>postgres</c>, without the password: that is read from <see cref="PasswordFile"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>File holding the PostgreSQL password, so it is neither in the config file nor on a command line.</summary>
    public string? PasswordFile { get; set; }
}
