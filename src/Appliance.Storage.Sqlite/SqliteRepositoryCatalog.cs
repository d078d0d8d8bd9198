using Appliance.Core.Storage;
using Appliance.Storage.Relational;

namespace Appliance.Storage.Sqlite;

public sealed class SqliteRepositoryCatalog(SqliteDatabase database) : IRepositoryCatalog
{
    public async Task<Page<string>> ListAsync(int limit, string? last, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        return await PageReader.ReadAsync(
            connection.Command("SELECT name FROM repositories WHERE name > $last ORDER BY name LIMIT $limit").With("$last", last ?? ""),
            limit, cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken) => Backend.ReachAsync(SqliteDatabase.Setting, async () =>
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await connection.Command("SELECT count(*) FROM sqlite_master").ScalarInt64Async(cancellationToken);
    });
}
