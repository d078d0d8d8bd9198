using Appliance.Core.Storage;

namespace Appliance.Storage.Relational;

public sealed class RelationalRepositoryCatalog(IRelationalDatabase database) : IRepositoryCatalog
{
    public async Task<Page<string>> ListAsync(int limit, string? last, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        return await PageReader.ReadAsync(
            connection.Command("SELECT name FROM repositories WHERE name > @last ORDER BY name LIMIT @limit").With("last", last ?? ""),
            limit, cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken) => Backend.ReachAsync(database.Setting, async () =>
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await connection.Command(database.PingQuery).ScalarInt64Async(cancellationToken);
    });
}
