using Appliance.Core.Auth;
using Appliance.Storage.Relational;

namespace Appliance.Storage.Postgres;

/// <summary>Failed logins counted in the database, so that every replica throttles a guesser who spreads over all of them.</summary>
public sealed class PostgresLoginFailureStore(PostgresDatabase database) : ILoginFailureStore
{
    public async Task<LoginFailures?> FindAsync(string user, string client, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT failures, last_failure_at FROM login_failures WHERE user_name = @user AND client_address = @client")
            .With("user", user).With("client", client);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new LoginFailures(reader.GetInt32(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))) : null;
    }

    public async Task RecordFailureAsync(string user, string client, DateTimeOffset at, DateTimeOffset forgetBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // One statement, so failures arriving at two replicas at once both count.
        await connection.Command("""
            INSERT INTO login_failures (user_name, client_address, failures, last_failure_at) VALUES (@user, @client, 1, @at)
            ON CONFLICT (user_name, client_address) DO UPDATE SET failures = login_failures.failures + 1, last_failure_at = @at
            """).With("user", user).With("client", client).With("at", at.ToUnixTimeMilliseconds()).ExecuteAsync(cancellationToken);
        // Failures are rare next to logins, and the index makes this cheap: no schedule is needed to keep the table small.
        await connection.Command("DELETE FROM login_failures WHERE last_failure_at < @forget")
            .With("forget", forgetBefore.ToUnixTimeMilliseconds()).ExecuteAsync(cancellationToken);
    }

    public async Task ClearAsync(string user, string client, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("DELETE FROM login_failures WHERE user_name = @user AND client_address = @client")
            .With("user", user).With("client", client).ExecuteAsync(cancellationToken);
    }
}
