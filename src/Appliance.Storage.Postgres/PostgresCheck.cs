namespace Appliance.Storage.Postgres;

/// <summary>What a look at the database found without changing it: where it is, its server, and how far its schema is migrated.</summary>
public sealed record PostgresCheck(string Endpoint, string Database, string ServerVersion, int SchemaVersion, int LatestSchemaVersion)
{
    public override string ToString() =>
        $"PostgreSQL {ServerVersion} at {Endpoint}, database {Database}: schema version {SchemaVersion}"
        + (SchemaVersion == 0 ? " (empty: the registry's first start creates it)" : "")
        + $"; this release migrates to {LatestSchemaVersion}"
        + (SchemaVersion > LatestSchemaVersion ? ", older than the release that migrated it (it starts on the newer schema and migrates nothing)" : "");
}
