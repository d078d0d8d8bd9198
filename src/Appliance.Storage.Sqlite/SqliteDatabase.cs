using System.Data.Common;
using Appliance.Core.Storage;
using Appliance.Storage.Relational;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Appliance.Storage.Sqlite;

/// <summary>
/// The metadata database. Reads use pooled connections and run concurrently (WAL). All writes go
/// through one connection behind one async gate, each in a <c>BEGIN IMMEDIATE</c> transaction,
/// so writers queue in the process instead of meeting SQLITE_BUSY ("database is locked").
/// </summary>
public sealed class SqliteDatabase : IMetadataSchema, IRelationalDatabase, IAsyncDisposable
{
    /// <summary>The database file lives in the data directory.</summary>
    public string Setting => "storage.dataDirectory";

    public string PingQuery => "SELECT count(*) FROM sqlite_master";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ILogger<SqliteDatabase> _logger;
    private SqliteConnection? _writer;

    public SqliteDatabase(IOptions<SqliteOptions> options, ILogger<SqliteDatabase> logger)
    {
        _logger = logger;
        var path = Path.GetFullPath(options.Value.DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        RestrictToOwner(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Another process (a CLI maintenance command) may hold the lock briefly; wait rather than fail.
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>
    /// The database holds password hashes, so only the service's user may read it. SQLite creates its
    /// -wal and -shm files with the database file's mode, so creating that file first covers all three;
    /// files made by older versions are tightened in place.
    /// </summary>
    private static void RestrictToOwner(string path)
    {
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (new FileStream(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = ownerOnly }))
        {
        }
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            try
            {
                if (File.Exists(file) && (File.GetUnixFileMode(file) & ~ownerOnly) != 0) File.SetUnixFileMode(file, ownerOnly);
            }
            catch (UnauthorizedAccessException)
            {
                // Opened by a user who may write but does not own it (a maintenance command): the owner's next start tightens it.
            }
        }
    }

    /// <summary>Creates or upgrades the schema; call once before serving.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await WithWriterAsync(async connection =>
        {
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
            var applied = await SchemaMigrator.MigrateAsync(connection, cancellationToken);
            if (applied > 0) _logger.LogInformation("Applied {Count} schema migration(s) to {Database}", applied, connection.DataSource);
            return 0;
        }, cancellationToken);
    }

    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    async Task<DbConnection> IRelationalDatabase.OpenReaderAsync(CancellationToken cancellationToken) => await OpenReaderAsync(cancellationToken);

    /// <summary>Through the one writer too: SQLite has no other safe way to write.</summary>
    public Task<T> WriteStatementAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => work(connection, transaction), cancellationToken);

    public Task<T> WriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => work(connection, transaction), cancellationToken);

    public string RowLock => "";

    /// <summary>Runs <paramref name="work"/> in one immediate transaction; it commits unless the work throws.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WithWriterAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }, cancellationToken);

    private async Task<T> WithWriterAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            _writer ??= await OpenWriterAsync(cancellationToken);
            return await work(_writer);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<SqliteConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // FULL: an acknowledged push survives power loss, not only a process crash.
        await ExecuteAsync(connection, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null) await _writer.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _writeGate.Dispose();
    }
}
