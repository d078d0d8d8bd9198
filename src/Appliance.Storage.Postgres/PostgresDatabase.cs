using System.Data.Common;
using System.Net.Sockets;
using Appliance.Core.Storage;
using Appliance.Storage.Relational;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Appliance.Storage.Postgres;

/// <summary>
/// The metadata database shared by every replica. Writers run concurrently, each in its own READ COMMITTED transaction;
/// the few places where that matters (publish and sweep of one blob, a manifest and what it references) take row locks
/// and re-check (see Appliance.Core/GarbageCollection/README.md, "PostgreSQL").
/// </summary>
public sealed class PostgresDatabase : IMetadataSchema, IRelationalDatabase, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<PostgresDatabase> _logger;
    private readonly string _endpoint;

    public PostgresDatabase(IOptions<PostgresOptions> options, ILogger<PostgresDatabase> logger)
    {
        _logger = logger;
        var connection = PostgresConnectionSettings.Build(options.Value);
        _endpoint = $"{connection.Host}:{connection.Port}";
        _dataSource = NpgsqlDataSource.Create(connection);
    }

    /// <summary>Creates or upgrades the schema; a database that cannot be reached or logged into stops the start with one line.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) => OnStartConnectionAsync(async connection =>
    {
        var applied = await PostgresSchemaMigrator.MigrateAsync(connection, cancellationToken);
        if (applied > 0) _logger.LogInformation("Applied {Count} schema migration(s) to {Database} on {Endpoint}", applied, connection.Database, _endpoint);
        return applied;
    }, cancellationToken);

    /// <summary>
    /// Logs in and reads the schema version without changing anything (the installer's preflight, before a host is
    /// touched); fails like <see cref="InitializeAsync"/> would, with one line, and also when a new database would
    /// refuse this role the tables the first start creates.
    /// </summary>
    public Task<PostgresCheck> CheckAsync(CancellationToken cancellationToken) => OnStartConnectionAsync(async connection =>
    {
        var schema = await PostgresSchemaMigrator.CurrentVersionAsync(connection, cancellationToken);
        // PostgreSQL 15 no longer lets every role create tables in the public schema: an empty database must allow it to this role.
        if (schema is null && await CreatableSchemaAsync(connection, cancellationToken) is { } refused)
        {
            throw PostgresConnectionSettings.Invalid(PostgresConnectionSettings.ConnectionStringSetting,
                $"role {connection.UserName} may not create tables in schema {refused} of database {connection.Database} on {_endpoint} "
                + $"(GRANT CREATE ON SCHEMA {refused} TO {connection.UserName}, or make the role the database's owner)");
        }
        return new PostgresCheck(_endpoint, connection.Database!, connection.PostgreSqlVersion.ToString(), schema ?? 0, PostgresSchemaMigrator.LatestVersion);
    }, cancellationToken);

    /// <summary>The schema new tables would go to when this role may not create them there, else null.</summary>
    private static async Task<string?> CreatableSchemaAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT current_schema(), has_schema_privilege(current_schema(), 'CREATE')");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetBoolean(1) ? null : reader.GetString(0);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a new connection; a refused login or an unreachable server or database becomes one
    /// line naming the setting to fix.
    /// </summary>
    private async Task<T> OnStartConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await work(connection);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            throw new StorageUnavailableException(PostgresConnectionSettings.PasswordFileSetting, $"{_endpoint} refused the login ({e.MessageText})", e);
        }
        catch (NpgsqlException e) when (e is not PostgresException || e is PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName })
        {
            throw new StorageUnavailableException(PostgresConnectionSettings.ConnectionStringSetting, $"could not connect to {_endpoint} ({Cause(e)})", e);
        }
    }

    private static string Cause(NpgsqlException e) => e switch
    {
        PostgresException postgres => postgres.MessageText,
        { InnerException: SocketException socket } => socket.Message,
        { InnerException: TimeoutException } => "timed out",
        _ when e.Message.Contains("password", StringComparison.OrdinalIgnoreCase) => $"{e.Message}; is {PostgresConnectionSettings.PasswordFileSetting} set?",
        _ => e.Message,
    };

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => _dataSource.OpenConnectionAsync(cancellationToken);

    public string Setting => PostgresConnectionSettings.ConnectionStringSetting;

    public string PingQuery => "SELECT 1 FROM schema_version LIMIT 1";

    async Task<DbConnection> IRelationalDatabase.OpenReaderAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);

    /// <summary>On a pooled connection without a transaction: a lone statement commits by itself, one round trip.</summary>
    public async Task<T> WriteStatementAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await work(connection, null);
    }

    public Task<T> WriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => work(connection, transaction), cancellationToken);

    public string RowLock => "FOR UPDATE";

    /// <summary>Runs <paramref name="work"/> in one READ COMMITTED transaction; it commits unless the work throws.</summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
