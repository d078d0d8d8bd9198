using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Storage.Relational;

public sealed class RelationalUploadSessions(IRelationalDatabase database) : IUploadSessions
{
    public Task CreateAsync(UploadSession session, CancellationToken cancellationToken) =>
        database.WriteStatementAsync((connection, transaction) =>
            connection.Command("INSERT INTO uploads (id, repository, started_at) VALUES (@id, @repository, @started)", transaction)
                .With("id", session.Id.Value).With("repository", session.Repository.Value)
                .With("started", session.StartedAt.ToUnixTimeSeconds()).ExecuteAsync(cancellationToken), cancellationToken);

    public async Task<UploadSession?> FindAsync(UploadId id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("SELECT repository, started_at FROM uploads WHERE id = @id").With("id", id.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new UploadSession(id, RepositoryName.Parse(reader.GetString(0)), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)));
    }

    public Task DeleteAsync(UploadId id, CancellationToken cancellationToken) =>
        database.WriteStatementAsync((connection, transaction) =>
            connection.Command("DELETE FROM uploads WHERE id = @id", transaction).With("id", id.Value).ExecuteAsync(cancellationToken),
            cancellationToken);
}
