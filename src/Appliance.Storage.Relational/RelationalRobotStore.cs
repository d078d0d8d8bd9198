using System.Data.Common;
using Appliance.Core.Auth;
using Appliance.Core.Identity;

namespace Appliance.Storage.Relational;

public sealed class RelationalRobotStore(IRelationalDatabase database, TimeProvider clock) : IRobotStore
{
    private const string Columns =
        "name, description, secret_hash, created_at, expires_at, role, previous_secret_hash, previous_secret_valid_until, last_used";

    public async Task<RobotAccount?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM robots WHERE name = @name", name, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<RobotAccount>> ListAsync(CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {Columns} FROM robots ORDER BY name", null, cancellationToken);

    /// <summary>A robot brought over with its last use (an import) counts as used: its first use is behind it.</summary>
    public Task<bool> CreateAsync(RobotAccount robot, CancellationToken cancellationToken) =>
        WriteAsync($"""
            INSERT INTO robots ({Columns}, first_used, updated_at)
            VALUES (@name, @description, @hash, @created, @expires, @role, @previousHash, @previousUntil, @lastUsed, @lastUsed, @now)
            ON CONFLICT (name) DO NOTHING
            """, robot, cancellationToken);

    public Task<bool> UpdateAsync(RobotAccount robot, CancellationToken cancellationToken) =>
        WriteAsync("""
            UPDATE robots SET description = @description, secret_hash = @hash, expires_at = @expires, role = @role,
                previous_secret_hash = @previousHash, previous_secret_valid_until = @previousUntil, updated_at = @now
            WHERE name = @name
            """, robot, cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command("DELETE FROM robots WHERE name = @name", transaction).With("name", name).ExecuteAsync(cancellationToken) > 0,
            cancellationToken);

    /// <summary>
    /// The update sets first_used only when there was none and returns it: equal to this use's time only on the first use (with a
    /// resolution of at least a second, which keeps a second use out of the first one's second).
    /// </summary>
    public Task<bool> RecordUseAsync(string name, DateTimeOffset at, TimeSpan resolution, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
        {
            var seconds = at.ToUnixTimeSeconds();
            var firstUsed = await connection.Command("""
                    UPDATE robots SET last_used = @at, first_used = coalesce(first_used, @at)
                    WHERE name = @name AND (last_used IS NULL OR last_used <= @at - @resolution)
                    RETURNING first_used
                    """, transaction)
                .With("name", name).With("at", seconds).With("resolution", (long)resolution.TotalSeconds)
                .ScalarInt64Async(cancellationToken);
            return firstUsed == seconds;
        }, cancellationToken);

    private Task<bool> WriteAsync(string sql, RobotAccount robot, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command(sql, transaction).With("name", robot.Name).With("description", robot.Description)
                .With("hash", robot.SecretHash).With("created", robot.CreatedAt.ToUnixTimeSeconds()).With("expires", robot.ExpiresAt?.ToUnixTimeSeconds())
                .With("role", robot.Role?.ToString().ToLowerInvariant()).With("previousHash", robot.PreviousSecretHash)
                .With("previousUntil", robot.PreviousSecretValidUntil?.ToUnixTimeSeconds()).With("lastUsed", robot.LastUsed?.ToUnixTimeSeconds())
                .With("now", clock.GetUtcNow().ToUnixTimeSeconds()).ExecuteAsync(cancellationToken) > 0,
            cancellationToken);

    private async Task<List<RobotAccount>> QueryAsync(string sql, string? name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command(sql);
        if (name is not null) command.With("name", name);
        return await command.ReadAllAsync(Robot, cancellationToken);
    }

    /// <summary>The <see cref="Columns"/> in their order.</summary>
    private static RobotAccount Robot(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), Time(reader, 3)!.Value, Time(reader, 4),
            reader.IsDBNull(5) ? null : Enum.Parse<Role>(reader.GetString(5), ignoreCase: true), reader.IsDBNull(6) ? null : reader.GetString(6),
            Time(reader, 7), Time(reader, 8));

    private static DateTimeOffset? Time(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(column));
}
