using Appliance.Storage.Relational;
using Npgsql;

namespace Appliance.Storage.Postgres;

/// <summary>
/// One collection at a time across every replica and <c>gc</c> command on the database: a session advisory lock, held on
/// a connection of its own for the whole run. PostgreSQL releases it when that session ends, so a crashed collector
/// does not block the next run.
/// </summary>
public sealed class GarbageCollectionClaim(PostgresDatabase database)
{
    /// <summary>Any constant the registry uses for nothing else: "APPLGCRN" in ASCII.</summary>
    private const long RunLock = 0x4150_504C_4743_524E;

    public Task<IAsyncDisposable?> TryTakeAsync(CancellationToken cancellationToken) => TryTakeAsync(RunLock, cancellationToken);

    /// <summary>The same session lock under another <paramref name="key"/>, for another kind of run that must be alone (sync).</summary>
    public async Task<IAsyncDisposable?> TryTakeAsync(long key, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            var taken = await connection.Command("SELECT pg_try_advisory_lock(@key)").With("key", key).ColumnAsync<bool>(cancellationToken);
            if (taken[0]) return new Held(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (connection)
            {
                try
                {
                    await connection.Command("SELECT pg_advisory_unlock(@key)").With("key", key).ExecuteAsync(CancellationToken.None);
                }
                catch (NpgsqlException)
                {
                    // The session is gone, and the lock went with it.
                }
            }
        }
    }
}
