namespace Appliance.Storage.Sqlite;

/// <summary>Where the SQLite engine keeps its database file.</summary>
public sealed class SqliteOptions
{
    public string DatabasePath { get; set; } = Path.Combine("data", "registry.db");
}
