using System.Data.Common;
using Appliance.Core.Storage;

namespace Appliance.Storage.Relational;

/// <summary>Reads a page of names from a query that selects up to limit + 1 rows, the extra one meaning "more".</summary>
public static class PageReader
{
    /// <summary>
    /// Binds the query's <c>limit</c> parameter. The name goes without a prefix: both drivers bind it to their placeholder
    /// (<c>$limit</c> in SQLite, <c>@limit</c> in PostgreSQL).
    /// </summary>
    public static async Task<Page<string>> ReadAsync(DbCommand command, int limit, CancellationToken cancellationToken)
    {
        var names = await command.With("limit", limit + 1).ColumnAsync<string>(cancellationToken);
        var hasMore = names.Count > limit;
        if (hasMore) names.RemoveAt(limit);
        return new Page<string>(names, hasMore);
    }
}
