using Appliance.Core.Content;
using Appliance.Core.Names;
using Appliance.Core.Retention;

namespace Appliance.Storage.Relational;

public sealed class RelationalRetentionStore(IRelationalDatabase database, TimeProvider clock) : IRetentionStore
{
    /// <summary>The manifest named by @repository and @digest.</summary>
    private const string ManifestId = "SELECT m.id FROM manifests m WHERE m.repository_id = (SELECT id FROM repositories WHERE name = @repository) AND m.digest = @digest";

    public async Task<IReadOnlyList<RetentionPolicy>> ListPoliciesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("SELECT scope, rules, updated_at FROM retention_policies ORDER BY scope");
        return await command.ReadAllAsync(reader => new RetentionPolicy(reader.GetString(0), RetentionRuleText.Deserialize(reader.GetString(1)),
            DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(2))), cancellationToken);
    }

    public Task SetPolicyAsync(RetentionPolicy policy, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command("""
                INSERT INTO retention_policies (scope, rules, updated_at) VALUES (@scope, @rules, @now)
                ON CONFLICT (scope) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at
                """, transaction).With("scope", policy.Scope).With("rules", RetentionRuleText.Serialize(policy.Rules))
                .With("now", clock.GetUtcNow().ToUnixTimeSeconds()).ExecuteAsync(cancellationToken), cancellationToken);

    public Task<bool> ClearPolicyAsync(string scope, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command("DELETE FROM retention_policies WHERE scope = @scope", transaction).With("scope", scope)
                .ExecuteAsync(cancellationToken) > 0, cancellationToken);

    public async Task<IReadOnlyDictionary<Digest, DateTimeOffset>> LastPulledAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT m.digest, p.pulled_at FROM manifest_pulls p JOIN manifests m ON m.id = p.manifest_id
            WHERE m.repository_id = (SELECT id FROM repositories WHERE name = @repository)
            """).With("repository", repository.Value);
        var pulled = new Dictionary<Digest, DateTimeOffset>();
        await foreach (var (digest, at) in command.StreamAsync(r => (Digest.Parse(r.GetString(0)), DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(1))),
                           cancellationToken))
        {
            pulled[digest] = at;
        }
        return pulled;
    }

    public async Task<IReadOnlySet<Digest>> BlobsLinkedElsewhereAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var digests = await connection.Command("""
            SELECT rb.digest FROM repository_blobs rb
            WHERE rb.repository_id = (SELECT id FROM repositories WHERE name = @repository)
              AND EXISTS (SELECT 1 FROM repository_blobs o WHERE o.digest = rb.digest AND o.repository_id <> rb.repository_id)
            """).With("repository", repository.Value).ColumnAsync<string>(cancellationToken);
        return digests.Select(Digest.Parse).ToHashSet();
    }

    /// <summary>One statement per pull in one write; a manifest deleted since its pull is skipped.</summary>
    public Task<int> RecordPullsAsync(IReadOnlyCollection<ManifestPull> pulls, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
        {
            var written = 0;
            foreach (var pull in pulls)
            {
                written += await connection.Command($"""
                    INSERT INTO manifest_pulls (manifest_id, pulled_at) {ManifestId.Replace("SELECT m.id", "SELECT m.id, @at", StringComparison.Ordinal)}
                    ON CONFLICT (manifest_id) DO UPDATE SET pulled_at = excluded.pulled_at WHERE manifest_pulls.pulled_at < excluded.pulled_at
                    """, transaction).With("repository", pull.Repository.Value).With("digest", pull.Digest.ToString())
                    .With("at", pull.At.ToUnixTimeSeconds()).ExecuteAsync(cancellationToken);
            }
            return written;
        }, cancellationToken);

    public Task<bool> DeleteTagAsync(RepositoryName repository, string tag, Digest digest, CancellationToken cancellationToken) =>
        database.WriteStatementAsync(async (connection, transaction) =>
            await connection.Command($"""
                DELETE FROM tags WHERE repository_id = (SELECT id FROM repositories WHERE name = @repository) AND name = @tag
                  AND manifest_id = ({ManifestId})
                """, transaction).With("repository", repository.Value).With("tag", tag).With("digest", digest.ToString())
                .ExecuteAsync(cancellationToken) > 0, cancellationToken);

    /// <summary>
    /// The manifest's row is locked first (a push locks what its index lists the same way), then the conditions are checked on
    /// a fresh snapshot: nothing can start listing or tagging it in between.
    /// </summary>
    public Task<bool> DeleteUntaggedManifestAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken) =>
        database.WriteTransactionAsync(async (connection, transaction) =>
        {
            var id = await connection.Command($"{ManifestId} {database.RowLock}", transaction)
                .With("repository", repository.Value).With("digest", digest.ToString()).ScalarInt64Async(cancellationToken);
            if (id is null) return false;
            return await connection.Command("""
                DELETE FROM manifests WHERE id = @id
                  AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.manifest_id = @id)
                  AND NOT EXISTS (SELECT 1 FROM manifest_references r JOIN manifests parent ON parent.id = r.manifest_id
                                  WHERE r.kind = 1 AND r.digest = manifests.digest AND parent.repository_id = manifests.repository_id)
                """, transaction).With("id", id.Value).ExecuteAsync(cancellationToken) > 0;
        }, cancellationToken);
}
