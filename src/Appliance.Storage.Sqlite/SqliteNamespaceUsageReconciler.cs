using Appliance.Core.Quotas;
using Appliance.Storage.Relational;

namespace Appliance.Storage.Sqlite;

/// <summary>The recount in one write transaction: SQLite's one writer keeps every link change out until it commits.</summary>
public sealed class SqliteNamespaceUsageReconciler(SqliteDatabase database) : INamespaceUsageReconciler
{
    public Task<int> ReconcileAsync(CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => NamespaceUsageRecount.RunAsync(connection, transaction, cancellationToken), cancellationToken);
}
