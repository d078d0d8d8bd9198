using Appliance.Core.Storage;
using Npgsql;

namespace Appliance.Storage.Postgres;

/// <summary>Reads a page of names from a query that selects up to limit + 1 rows, the extra one meaning "more".</summary>
internal static class PageReader
{
    public static async Task<Page<string>> ReadAsync(NpgsqlCommand command, int limit, CancellationToken cancellationToken)
    {
        var names = await command.With("limit", limit + 1).ColumnAsync<string>(cancellationToken);
        var hasMore = names.Count > limit;
        if (hasMore) names.RemoveAt(limit);
        return new Page<string>(names, hasMore);
    }
}
