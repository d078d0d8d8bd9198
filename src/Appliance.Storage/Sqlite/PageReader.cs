using Appliance.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Appliance.Storage.Sqlite;

/// <summary>Reads a page of names from a query that selects up to limit + 1 rows, the extra one meaning "more".</summary>
internal static class PageReader
{
    public static async Task<Page<string>> ReadAsync(SqliteCommand command, int limit, CancellationToken cancellationToken)
    {
        command.With("$limit", limit + 1);
        var items = new List<string>(Math.Min(limit, 1024));
        var hasMore = false;
        await using (command)
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (items.Count == limit) { hasMore = true; break; }
                items.Add(reader.GetString(0));
            }
        }
        return new Page<string>(items, hasMore);
    }
}
