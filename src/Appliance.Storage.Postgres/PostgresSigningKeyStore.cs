using Appliance.Core.Auth;
using Appliance.Storage.Relational;
using Npgsql;

namespace Appliance.Storage.Postgres;

/// <summary>
/// Token signing keys shared by every replica. Creating the first key and rotating take a transaction-scoped advisory
/// lock, so replicas that do either at the same moment queue instead of each making a key of their own.
/// </summary>
public sealed class PostgresSigningKeyStore(PostgresDatabase database, TimeProvider clock) : ISigningKeyStore
{
    /// <summary>Any constant the registry uses for nothing else: "APPLKEYS" in ASCII.</summary>
    private const long KeysLock = 0x4150_504C_4B45_5953;

    public bool IsShared => true;

    public async Task<IReadOnlyList<SigningKey>> LoadOrCreateAsync(Func<SigningKey> create, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            // The common case, every poll: keys exist, and reading them needs no lock.
            var keys = await ReadAsync(connection, null, cancellationToken);
            if (keys.Count > 0) return keys;
        }
        return await database.WriteAsync(async (connection, transaction) =>
        {
            await LockAsync(connection, transaction, cancellationToken);
            var keys = await ReadAsync(connection, transaction, cancellationToken);
            if (keys.Count > 0) return keys;
            await InsertAsync(connection, transaction, create(), cancellationToken);
            return await ReadAsync(connection, transaction, cancellationToken);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<SigningKey>> RotateAsync(SigningKey next, int keep, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await LockAsync(connection, transaction, cancellationToken);
            await InsertAsync(connection, transaction, next, cancellationToken);
            await connection.Command("DELETE FROM token_signing_keys WHERE id NOT IN (SELECT id FROM token_signing_keys ORDER BY id DESC LIMIT @keep)", transaction)
                .With("keep", keep).ExecuteAsync(cancellationToken);
            return await ReadAsync(connection, transaction, cancellationToken);
        }, cancellationToken);

    private static Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.Command("SELECT pg_advisory_xact_lock(@key)", transaction).With("key", KeysLock).ExecuteAsync(cancellationToken);

    private Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SigningKey key, CancellationToken cancellationToken) =>
        connection.Command("INSERT INTO token_signing_keys (key_id, private_key_pem, created_at) VALUES (@id, @pem, @now)", transaction)
            .With("id", key.KeyId).With("pem", key.PrivateKeyPem).With("now", clock.GetUtcNow().ToUnixTimeSeconds()).ExecuteAsync(cancellationToken);

    private static async Task<IReadOnlyList<SigningKey>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT key_id, private_key_pem FROM token_signing_keys ORDER BY id DESC", transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<SigningKey>();
        while (await reader.ReadAsync(cancellationToken)) keys.Add(new SigningKey(reader.GetString(0), reader.GetString(1)));
        return keys;
    }
}
