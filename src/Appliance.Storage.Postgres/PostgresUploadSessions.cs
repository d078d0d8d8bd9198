using Appliance.Core.Names;
using Appliance.Core.Storage;
using Appliance.Storage.Relational;

namespace Appliance.Storage.Postgres;

public sealed class PostgresUploadSessions(PostgresDatabase database) : IUploadSessions
{
    public async Task CreateAsync(UploadSession session, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("INSERT INTO uploads (id, repository, started_at) VALUES (@id, @repository, @started)")
            .With("id", session.Id.Value).With("repository", session.Repository.Value)
            .With("started", session.StartedAt.ToUnixTimeSeconds()).ExecuteAsync(cancellationToken);
    }

    public async Task<UploadSession?> FindAsync(UploadId id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT repository, started_at FROM uploads WHERE id = @id").With("id", id.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new UploadSession(id, RepositoryName.Parse(reader.GetString(0)), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(1)));
    }

    public async Task DeleteAsync(UploadId id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("DELETE FROM uploads WHERE id = @id").With("id", id.Value).ExecuteAsync(cancellationToken);
    }
}
