using Appliance.Core.Auth;

namespace Appliance.Storage.Relational;

public sealed class RelationalUserStore(IRelationalDatabase database, TimeProvider clock) : IUserStore
{
    public async Task<RegistryUser?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await QueryAsync("SELECT name, role, password_hash, last_login FROM users WHERE name = @name", name, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<RegistryUser>> ListAsync(CancellationToken cancellationToken) =>
        await QueryAsync("SELECT name, role, password_hash, last_login FROM users ORDER BY name", null, cancellationToken);

    public Task<bool> CreateAsync(RegistryUser user, CancellationToken cancellationToken) =>
        WriteAsync("""
            INSERT INTO users (name, role, password_hash, created_at, updated_at) VALUES (@name, @role, @hash, @now, @now)
            ON CONFLICT (name) DO NOTHING
            """, user, cancellationToken);

    public Task<bool> UpdateAsync(RegistryUser user, CancellationToken cancellationToken) =>
        WriteAsync("UPDATE users SET role = @role, password_hash = @hash, updated_at = @now WHERE name = @name", user, cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command("DELETE FROM users WHERE name = @name", transaction).With("name", name).ExecuteAsync(cancellationToken) > 0,
            cancellationToken);

    public Task RecordLoginAsync(string name, DateTimeOffset at, TimeSpan resolution, CancellationToken cancellationToken) =>
        database.WriteStatementAsync((connection, transaction) =>
            connection.Command("UPDATE users SET last_login = @at WHERE name = @name AND (last_login IS NULL OR last_login <= @at - @resolution)",
                    transaction)
                .With("name", name).With("at", at.ToUnixTimeSeconds()).With("resolution", (long)resolution.TotalSeconds)
                .ExecuteAsync(cancellationToken),
            cancellationToken);

    private Task<bool> WriteAsync(string sql, RegistryUser user, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command(sql, transaction).With("name", user.Name).With("role", user.Role.ToString().ToLowerInvariant())
                .With("hash", user.PasswordHash).With("now", clock.GetUtcNow().ToUnixTimeSeconds()).ExecuteAsync(cancellationToken) > 0,
            cancellationToken);

    private async Task<List<RegistryUser>> QueryAsync(string sql, string? name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command(sql);
        if (name is not null) command.With("name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<RegistryUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(new RegistryUser(reader.GetString(0), Enum.Parse<Role>(reader.GetString(1), ignoreCase: true), reader.GetString(2),
                reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(3))));
        }
        return users;
    }
}
