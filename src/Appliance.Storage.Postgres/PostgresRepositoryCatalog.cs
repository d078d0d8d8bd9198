using Appliance.Core.Storage;
using Appliance.Storage.Relational;

namespace Appliance.Storage.Postgres;

public sealed class PostgresRepositoryCatalog(PostgresDatabase database) : IRepositoryCatalog
{
    public async Task<Page<string>> ListAsync(int limit, string? last, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await PageReader.ReadAsync(
            connection.Command("SELECT name FROM repositories WHERE name > @last ORDER BY name LIMIT @limit").With("last", last ?? ""),
            limit, cancellationToken);
    }

    public Task PingAsync(CancellationToken cancellationToken) => Backend.ReachAsync(PostgresConnectionSettings.ConnectionStringSetting, async () =>
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("SELECT 1 FROM schema_version LIMIT 1").ScalarInt64Async(cancellationToken);
    });
}
