using System.Data.Common;

namespace Appliance.Storage.Relational;

/// <summary>
/// What the stores written once for both SQL engines need of a database: the statements are the same (parameters as
/// <c>@name</c>, which SQLite and PostgreSQL both read), where they run is not. SQLite reads on pooled connections and
/// writes through its one writer; PostgreSQL runs a lone write statement on any pooled connection, which commits it.
/// </summary>
public interface IRelationalDatabase
{
    /// <summary>The setting a database that cannot be used points at, for <see cref="Appliance.Core.Storage.StorageUnavailableException"/>.</summary>
    string Setting { get; }

    /// <summary>A query that answers at once when the database and its schema can be used (the readiness probe).</summary>
    string PingQuery { get; }

    Task<DbConnection> OpenReaderAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs a write that needs no lock between its statements (the transaction is null where the engine commits each
    /// statement by itself).
    /// </summary>
    Task<T> WriteStatementAsync<T>(Func<DbConnection, DbTransaction?, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// Runs statements that must hold what an earlier one locked (a check, then the write it allows) in one transaction: SQLite's
    /// one writer holds the whole database, PostgreSQL's READ COMMITTED transaction the rows locked with <see cref="RowLock"/>.
    /// </summary>
    Task<T> WriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>The clause that ends a SELECT to lock the rows it returns until the transaction ends ("" where the transaction locks everything).</summary>
    string RowLock { get; }
}
