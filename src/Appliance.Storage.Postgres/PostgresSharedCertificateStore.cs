using Appliance.Core.Tls;
using Appliance.Storage.Relational;
using Npgsql;

namespace Appliance.Storage.Postgres;

/// <summary>The TLS files every replica serves, in one row whose generation grows with each replacement.</summary>
public sealed class PostgresSharedCertificateStore(PostgresDatabase database, TimeProvider clock) : ISharedCertificateStore
{
    private const string Columns = "generation, ca_certificate_pem, ca_key_pem, server_certificate_pem, server_key_pem";

    public async Task<SharedCertificate?> ReadNewerThanAsync(long knownGeneration, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(connection, knownGeneration, cancellationToken);
    }

    public async Task<SharedCertificate> SeedAsync(CertificatePems pems, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await Insert(connection, pems, "ON CONFLICT (singleton) DO NOTHING").ExecuteAsync(cancellationToken);
        return await ReadAsync(connection, 0, cancellationToken) ?? throw new InvalidOperationException("the shared certificate row vanished");
    }

    public async Task<SharedCertificate> PublishAsync(CertificatePems pems, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Publishing what is already shared (two replicas noticing one replacement) keeps the generation: nobody re-reads it.
        await Insert(connection, pems, """
            ON CONFLICT (singleton) DO UPDATE SET generation = server_certificate.generation + 1,
                ca_certificate_pem = EXCLUDED.ca_certificate_pem, ca_key_pem = EXCLUDED.ca_key_pem,
                server_certificate_pem = EXCLUDED.server_certificate_pem, server_key_pem = EXCLUDED.server_key_pem, updated_at = EXCLUDED.updated_at
            WHERE (server_certificate.ca_certificate_pem, server_certificate.ca_key_pem, server_certificate.server_certificate_pem, server_certificate.server_key_pem)
                IS DISTINCT FROM (EXCLUDED.ca_certificate_pem, EXCLUDED.ca_key_pem, EXCLUDED.server_certificate_pem, EXCLUDED.server_key_pem)
            """).ExecuteAsync(cancellationToken);
        return await ReadAsync(connection, 0, cancellationToken) ?? throw new InvalidOperationException("the shared certificate row vanished");
    }

    private NpgsqlCommand Insert(NpgsqlConnection connection, CertificatePems pems, string onConflict) =>
        connection.Command($"""
            INSERT INTO server_certificate (singleton, generation, ca_certificate_pem, ca_key_pem, server_certificate_pem, server_key_pem, updated_at)
            VALUES (TRUE, 1, @caCertificate, @caKey, @serverCertificate, @serverKey, @now) {onConflict}
            """).With("caCertificate", pems.CaCertificate).With("caKey", pems.CaKey).With("serverCertificate", pems.ServerCertificate)
            .With("serverKey", pems.ServerKey).With("now", clock.GetUtcNow().ToUnixTimeSeconds());

    private static async Task<SharedCertificate?> ReadAsync(NpgsqlConnection connection, long knownGeneration, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {Columns} FROM server_certificate WHERE generation > @known").With("known", knownGeneration);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new SharedCertificate(reader.GetInt64(0), new CertificatePems(
            reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetString(4)));
    }
}
