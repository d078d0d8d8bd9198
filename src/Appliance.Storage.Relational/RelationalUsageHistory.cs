using System.Globalization;
using Appliance.Core.Usage;

namespace Appliance.Storage.Relational;

/// <summary>The daily series in table usage_history (migrations SQLite 013, PostgreSQL 007), the day as ISO text (yyyy-MM-dd).</summary>
public sealed class RelationalUsageHistory(IRelationalDatabase database) : IUsageHistory
{
    private const string DayFormat = "yyyy-MM-dd";

    public Task RecordAsync(UsageDay day, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command("""
                    INSERT INTO usage_history (day, total_bytes, unique_bytes) VALUES (@day, @total, @unique)
                    ON CONFLICT (day) DO UPDATE SET total_bytes = excluded.total_bytes, unique_bytes = excluded.unique_bytes
                    """, transaction)
                .With("day", Text(day.Day)).With("total", day.TotalBytes).With("unique", day.UniqueBytes).ExecuteAsync(cancellationToken),
            cancellationToken);

    public async Task<IReadOnlyList<UsageDay>> ListAsync(DateOnly since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("SELECT day, total_bytes, unique_bytes FROM usage_history WHERE day >= @since ORDER BY day")
            .With("since", Text(since));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var days = new List<UsageDay>();
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(new UsageDay(DateOnly.ParseExact(reader.GetString(0), DayFormat, CultureInfo.InvariantCulture), reader.GetInt64(1), reader.GetInt64(2)));
        }
        return days;
    }

    private static string Text(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);
}
