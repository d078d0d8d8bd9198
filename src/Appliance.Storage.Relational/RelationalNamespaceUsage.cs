using Appliance.Core.Usage;

namespace Appliance.Storage.Relational;

/// <summary>
/// Namespace sizes as the quotas count them: namespace_usage, kept current by the metadata database's triggers on
/// repository links (a blob linked by several repositories of one namespace counts once), read per namespace instead of
/// summed over every link on each console request.
/// </summary>
public sealed class RelationalNamespaceUsage(IRelationalDatabase database) : INamespaceUsage
{
    public async Task<IReadOnlyList<NamespaceSize>> LargestAsync(IReadOnlyList<string>? namespacePatterns, int limit, CancellationToken cancellationToken)
    {
        var (readable, parameters) = NamespaceFilter.For(namespacePatterns, "r.name", '@');
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT r.namespace, coalesce(max(u.used_bytes), 0) AS bytes, count(*) FROM repositories r
            LEFT JOIN namespace_usage u ON u.namespace = r.namespace
            WHERE 1 = 1{readable} GROUP BY r.namespace ORDER BY bytes DESC, r.namespace LIMIT @limit
            """).WithAll(parameters, "").With("@limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sizes = new List<NamespaceSize>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sizes.Add(new NamespaceSize(reader.GetString(0), reader.GetInt64(1), (int)reader.GetInt64(2)));
        }
        return sizes;
    }
}
