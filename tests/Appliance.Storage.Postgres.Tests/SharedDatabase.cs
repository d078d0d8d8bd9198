using Appliance.Testing;
using Npgsql;

namespace Appliance.Storage.Postgres.Tests;

/// <summary>A fresh database in the process's cluster, and registries on it: several of them are replicas of one registry.</summary>
public sealed class SharedDatabase
{
    private SharedDatabase(PostgresServer cluster, string connectionString)
    {
        Cluster = cluster;
        ConnectionString = connectionString;
    }

    public PostgresServer Cluster { get; }

    public string ConnectionString { get; }

    public static async Task<SharedDatabase> CreateAsync(PostgresServer? cluster = null)
    {
        cluster ??= await PostgresServer.SharedAsync();
        return new SharedDatabase(cluster, await cluster.CreateDatabaseAsync(TestContext.Current.CancellationToken));
    }

    public string[] Arguments => Cluster.ServerArguments(ConnectionString);

    /// <summary>A connection to the database as the registry's role.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var password = (await File.ReadAllTextAsync(Cluster.PasswordFile, cancellationToken)).Trim();
        var connection = new NpgsqlConnection($"{ConnectionString};Password={password}");
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public Task<RegistryServer> StartRegistryAsync(params string[] extraArgs) => RegistryServer.StartAsync([.. Arguments, .. extraArgs]);
}
