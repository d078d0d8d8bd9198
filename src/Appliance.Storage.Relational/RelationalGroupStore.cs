using Appliance.Core.Identity;

namespace Appliance.Storage.Relational;

public sealed class RelationalGroupStore(IRelationalDatabase database, TimeProvider clock) : IGroupStore
{
    public async Task<IReadOnlyList<LocalGroup>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT g.name, m.user_name FROM local_groups g LEFT JOIN group_members m ON m.group_name = g.name ORDER BY g.name, m.user_name
            """);
        var rows = await command.ReadAllAsync(reader => new { Group = reader.GetString(0), Member = reader.IsDBNull(1) ? null : reader.GetString(1) },
            cancellationToken);
        return rows.GroupBy(row => row.Group)
            .Select(group => new LocalGroup(group.Key, group.Where(row => row.Member is not null).Select(row => row.Member!).ToList()))
            .ToList();
    }

    public Task<bool> CreateAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync("INSERT INTO local_groups (name, created_at) VALUES (@group, @now) ON CONFLICT (name) DO NOTHING", cancellationToken,
            ("group", name), ("now", clock.GetUtcNow().ToUnixTimeSeconds()));

    /// <summary>The memberships go with the group (ON DELETE CASCADE).</summary>
    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        WriteAsync("DELETE FROM local_groups WHERE name = @group", cancellationToken, ("group", name));

    public Task<bool> AddMemberAsync(string group, string user, CancellationToken cancellationToken) =>
        WriteAsync("""
            INSERT INTO group_members (group_name, user_name) SELECT @group, @user WHERE EXISTS (SELECT 1 FROM local_groups WHERE name = @group)
            ON CONFLICT (group_name, user_name) DO NOTHING
            """, cancellationToken, ("group", group), ("user", user));

    public Task<bool> RemoveMemberAsync(string group, string user, CancellationToken cancellationToken) =>
        WriteAsync("DELETE FROM group_members WHERE group_name = @group AND user_name = @user", cancellationToken, ("group", group), ("user", user));

    public Task<int> RemoveMemberEverywhereAsync(string user, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command("DELETE FROM group_members WHERE user_name = @user", transaction).With("user", user).ExecuteAsync(cancellationToken),
            cancellationToken);

    public async Task<IReadOnlyList<string>> GroupsOfAsync(string user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        return await connection.Command("SELECT group_name FROM group_members WHERE user_name = @user ORDER BY group_name").With("user", user)
            .ColumnAsync<string>(cancellationToken);
    }

    private Task<bool> WriteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        database.WriteStatementAsync(async (connection, transaction) =>
        {
            var command = connection.Command(sql, transaction);
            foreach (var (name, value) in parameters) command.With(name, value);
            return await command.ExecuteAsync(cancellationToken) > 0;
        }, cancellationToken);
}
