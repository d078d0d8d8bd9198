using Appliance.Core.Storage;

namespace Appliance.Storage.Relational;

public sealed class RelationalRegistryStatistics(IRelationalDatabase database) : IRegistryStatistics
{
    public async Task<RegistryStatistics> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        // The cast: PostgreSQL sums a bigint column as numeric.
        await using var command = connection.Command("""
            SELECT (SELECT count(*) FROM repositories), (SELECT count(*) FROM manifests), (SELECT count(*) FROM tags),
                   (SELECT count(*) FROM blobs), (SELECT CAST(coalesce(sum(size), 0) AS BIGINT) FROM blobs), (SELECT count(*) FROM uploads)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new RegistryStatistics(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
            reader.GetInt64(5));
    }
}
