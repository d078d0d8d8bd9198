using Appliance.Core.Quotas;
using Appliance.Storage.Relational;

namespace Appliance.Storage.Postgres;

/// <summary>
/// The recount with the two count tables locked against writes first (EXCLUSIVE still lets readers in). A push whose link
/// trigger already ran holds a row lock there, so the lock waits for it to commit and the recount sees its link; a push
/// whose trigger runs later waits for the recount to commit and then adds its link to the recounted figures. Pushes of
/// every replica pause for the recount's duration, once per garbage collection.
/// </summary>
public sealed class PostgresNamespaceUsageReconciler(PostgresDatabase database) : INamespaceUsageReconciler
{
    public Task<int> ReconcileAsync(CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await connection.Command("LOCK TABLE namespace_blobs, namespace_usage IN EXCLUSIVE MODE", transaction).ExecuteAsync(cancellationToken);
            return await NamespaceUsageRecount.RunAsync(connection, transaction, cancellationToken);
        }, cancellationToken);
}
