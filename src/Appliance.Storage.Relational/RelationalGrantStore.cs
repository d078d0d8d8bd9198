using Appliance.Core.Identity;

namespace Appliance.Storage.Relational;

public sealed class RelationalGrantStore(IRelationalDatabase database, TimeProvider clock) : IGrantStore
{
    public async Task<IReadOnlyList<Grant>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("SELECT kind, principal, namespace, permission FROM grants ORDER BY kind, principal, namespace");
        return await command.ReadAllAsync(reader => new Grant(Enum.Parse<PrincipalKind>(reader.GetString(0), ignoreCase: true), reader.GetString(1), reader.GetString(2),
                Enum.Parse<NamespacePermission>(reader.GetString(3), ignoreCase: true)), cancellationToken);
    }

    /// <summary>The update's WHERE leaves an unchanged grant untouched, so both engines count no row.</summary>
    public Task<bool> SetAsync(Grant grant, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command("""
                    INSERT INTO grants (kind, principal, namespace, permission, created_at, updated_at)
                    VALUES (@kind, @principal, @namespace, @permission, @now, @now)
                    ON CONFLICT (kind, principal, namespace) DO UPDATE SET permission = excluded.permission, updated_at = excluded.updated_at
                    WHERE grants.permission <> excluded.permission
                    """, transaction)
                .With("kind", Text(grant.Kind)).With("principal", grant.Principal).With("namespace", grant.Namespace)
                .With("permission", grant.Permission.ToString().ToLowerInvariant()).With("now", clock.GetUtcNow().ToUnixTimeSeconds())
                .ExecuteAsync(cancellationToken) > 0,
            cancellationToken);

    public Task<bool> RemoveAsync(PrincipalKind kind, string principal, string @namespace, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command("DELETE FROM grants WHERE kind = @kind AND principal = @principal AND namespace = @namespace", transaction)
                .With("kind", Text(kind)).With("principal", principal).With("namespace", @namespace).ExecuteAsync(cancellationToken) > 0,
            cancellationToken);

    public Task<int> RemoveAllOfAsync(PrincipalKind kind, string principal, CancellationToken cancellationToken) =>
        database.WriteStatementAsync((connection, transaction) =>
            connection.Command("DELETE FROM grants WHERE kind = @kind AND principal = @principal", transaction)
                .With("kind", Text(kind)).With("principal", principal).ExecuteAsync(cancellationToken),
            cancellationToken);

    private static string Text(PrincipalKind kind) => kind.ToString().ToLowerInvariant();
}
