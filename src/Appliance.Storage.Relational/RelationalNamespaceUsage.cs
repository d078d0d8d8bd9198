using Appliance.Core.Identity;
using Appliance.Core.Usage;

namespace Appliance.Storage.Relational;

/// <summary>
/// Namespace sizes summed here from the links of every repository the patterns cover: the two engines share no SQL function
/// that cuts a name at its first '/', and a blob linked by several repositories of one namespace must count once.
/// </summary>
public sealed class RelationalNamespaceUsage(IRelationalDatabase database) : INamespaceUsage
{
    public async Task<IReadOnlyList<NamespaceSize>> LargestAsync(IReadOnlyList<string>? namespacePatterns, int limit, CancellationToken cancellationToken)
    {
        var (readable, parameters) = NamespaceFilter.For(namespacePatterns, "r.name", '@');
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        // Ordered by repository, so each namespace's digests are collected while its repositories pass.
        await using var command = connection.Command($"""
            SELECT r.name, rb.digest, b.size FROM repositories r
            LEFT JOIN repository_blobs rb ON rb.repository_id = r.id LEFT JOIN blobs b ON b.digest = rb.digest
            WHERE 1 = 1{readable} ORDER BY r.name
            """).WithAll(parameters, "");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sizes = new Dictionary<string, (long Bytes, HashSet<string> Repositories, HashSet<string> Digests)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var repository = reader.GetString(0);
            var ns = NamespacePattern.Of(repository);
            if (!sizes.TryGetValue(ns, out var entry)) sizes[ns] = entry = (0, new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
            entry.Repositories.Add(repository);
            if (!reader.IsDBNull(1) && entry.Digests.Add(reader.GetString(1))) sizes[ns] = entry with { Bytes = entry.Bytes + reader.GetInt64(2) };
        }
        return sizes.Select(s => new NamespaceSize(s.Key, s.Value.Bytes, s.Value.Repositories.Count))
            .OrderByDescending(s => s.UniqueBytes).ThenBy(s => s.Namespace, StringComparer.Ordinal).Take(limit).ToList();
    }
}
