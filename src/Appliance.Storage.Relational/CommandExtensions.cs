using System.Data.Common;

namespace Appliance.Storage.Relational;

/// <summary>Binding and running commands the same way on every ADO.NET driver; each call disposes the command it runs.</summary>
public static class CommandExtensions
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds each (name, value), the name after the dialect's <paramref name="prefix"/> (SQLite's "$"; "" for PostgreSQL).</summary>
    public static TCommand WithAll<TCommand>(this TCommand command, IEnumerable<(string Name, string Value)> parameters, string prefix)
        where TCommand : DbCommand
    {
        foreach (var (name, value) in parameters) command.With(prefix + name, value);
        return command;
    }

    public static TCommand With<TCommand>(this TCommand command, string name, object? value) where TCommand : DbCommand
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static async Task<long?> ScalarInt64Async(this DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static async Task<bool?> ScalarBoolAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteScalarAsync(cancellationToken) as bool?;
        }
    }

    public static async Task<int> ExecuteAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The first column of every row.</summary>
    public static async Task<List<T>> ColumnAsync<T>(this DbCommand command, CancellationToken cancellationToken)
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
