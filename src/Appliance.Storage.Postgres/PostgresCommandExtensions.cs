using Npgsql;

namespace Appliance.Storage.Postgres;

internal static class PostgresCommandExtensions
{
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction);

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static async Task<long?> ScalarInt64Async(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static async Task<bool?> ScalarBoolAsync(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteScalarAsync(cancellationToken) as bool?;
        }
    }

    public static async Task<int> ExecuteAsync(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The first column of every row.</summary>
    public static async Task<List<T>> ColumnAsync<T>(this NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var values = new List<T>();
            while (await reader.ReadAsync(cancellationToken)) values.Add(reader.GetFieldValue<T>(0));
            return values;
        }
    }
}
