using System.Collections.Concurrent;

namespace Appliance.Testing;

public static partial class TestBackend
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Databases = new(StringComparer.Ordinal);

    /// <summary>A database of its own in the process's shared cluster, one per registry data directory.</summary>
    private static async Task<string[]> PostgresArgumentsAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var cluster = await PostgresServer.SharedAsync();
        var database = Databases.GetOrAdd(Path.GetFullPath(dataDirectory), _ => new(() => cluster.CreateDatabaseAsync(CancellationToken.None)));
        return cluster.ServerArguments(await database.Value.WaitAsync(cancellationToken));
    }
}
