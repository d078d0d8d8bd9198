using Appliance.Core.Errors;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Core.Migration;

/// <summary>
/// Copies a stopped registry's metadata and blobs into other storage engines (e.g. filesystem + SQLite to S3 + PostgreSQL)
/// through the storage interfaces, so any pair of engines works. Every write is idempotent and whatever the target has
/// already (by digest and size, or by key for metadata) is skipped: a run killed at any point is simply started again.
/// Order: users, robot accounts, groups and grants, blobs (bytes and records), then per repository its links and manifests
/// with their tags, then the audit trail (which holds the garbage collection history).
/// </summary>
public sealed class RegistryMigration(ManifestParser parser)
{
    private const int BatchSize = 1000;

    public async Task<MigrationReport> CopyAsync(RegistryStores source, RegistryStores target, IProgress<MigrationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var (users, robots, groups, grants) = await new IdentityMigration(source, target, progress).RunAsync(cancellationToken);
        var problems = new List<string>();
        var (blobs, bytes) = await new BlobMigration(source, target, problems, progress).RunAsync(cancellationToken);
        var repositories = await RepositoryListing.AllAsync(source.Repositories, cancellationToken);
        var (links, manifests, tags) = (new CopyCount(), new CopyCount(), 0L);
        foreach (var (repository, index) in repositories.Select((r, i) => (r, i)))
        {
            links += await CopyLinksAsync(repository, source, target, cancellationToken);
            (manifests, tags) = await CopyManifestsAsync(repository, source, target, manifests, tags, problems, cancellationToken);
            progress?.Report(new MigrationProgress("repositories", index + 1, repositories.Count));
        }
        var audit = await CopyAuditTrailAsync(source, target, progress, cancellationToken);
        return new MigrationReport(users, robots, groups, grants, blobs, bytes, repositories.Count, links, manifests, tags, audit, problems);
    }

    private static async Task<CopyCount> CopyLinksAsync(RepositoryName repository, RegistryStores source, RegistryStores target,
        CancellationToken cancellationToken)
    {
        var count = new CopyCount();
        await foreach (var batch in source.BlobIndex.ListLinksAsync(repository, cancellationToken).Chunk(BatchSize).WithCancellation(cancellationToken))
        {
            var added = await target.BlobIndex.ImportLinksAsync(repository, batch, cancellationToken);
            count = count.Add(added, batch.Length - added);
        }
        return count;
    }

    private async Task<(CopyCount Manifests, long Tags)> CopyManifestsAsync(RepositoryName repository, RegistryStores source, RegistryStores target,
        CopyCount manifests, long tags, List<string> problems, CancellationToken cancellationToken)
    {
        await foreach (var record in source.Manifests.ListRecordsAsync(repository, cancellationToken))
        {
            ParsedManifest parsed;
            try
            {
                parsed = parser.Parse(record.Manifest.Content, record.Manifest.MediaType);
            }
            catch (RegistryException e)
            {
                problems.Add($"manifest {repository}@{record.Manifest.Digest}: not copied, it does not parse ({e.Message})");
                continue;
            }
            manifests = manifests.Add(await target.Manifests.ImportAsync(repository, record, parsed, cancellationToken));
            tags += record.Tags.Count;
        }
        return (manifests, tags);
    }

    private static async Task<CopyCount> CopyAuditTrailAsync(RegistryStores source, RegistryStores target, IProgress<MigrationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var count = new CopyCount();
        await foreach (var batch in source.Audit.ListAllAsync(cancellationToken).Chunk(BatchSize).WithCancellation(cancellationToken))
        {
            var added = await target.Audit.ImportAsync(batch, cancellationToken);
            count = count.Add(added, batch.Length - added);
            progress?.Report(new MigrationProgress("audit events", count.Copied + count.Skipped, 0));
        }
        return count;
    }
}
