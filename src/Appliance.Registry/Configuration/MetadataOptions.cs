namespace Appliance.Registry.Configuration;

/// <summary>Where the metadata (repositories, manifests, links, users, audit) lives; bound from the <c>metadata</c> section.</summary>
public sealed class MetadataOptions
{
    public const string Section = "metadata";

    /// <summary>
    /// <c>sqlite</c> (one host, the database in the data directory) or <c>postgres</c> (shared by several replicas; the
    /// section's other settings are <see cref="Appliance.Storage.Postgres.PostgresOptions"/>).
    /// </summary>
    public string Driver { get; set; } = "sqlite";
}
