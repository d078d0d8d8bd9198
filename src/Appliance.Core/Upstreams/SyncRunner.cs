using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Core.Upstreams;

/// <summary>
/// Runs a sync job: for each of its repositories, the upstream's tags that pass the job's filter are copied (what the
/// repository has already is skipped), and the run is recorded. Runs are alone across replicas (<see cref="ISyncRunClaim"/>).
/// </summary>
public sealed class SyncRunner(ISyncJobStore jobs, ISyncRunClaim claim, IUpstreams upstreams, ImageCopier copier, IRepositoryCatalog catalog,
    TimeProvider clock)
{
    /// <returns>The recorded run; null when another run holds the claim.</returns>
    public async Task<SyncRunResult?> RunAsync(SyncJob job, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        await using var held = await claim.TryTakeAsync(cancellationToken);
        if (held is null) return null;
        var copies = job.TagFilter();
        var id = await jobs.StartRunAsync(job.Name, clock.GetUtcNow(), cancellationToken);
        var run = copier.StartRun();
        var (copied, present) = (0L, 0L);
        var failures = new List<string>();
        foreach (var repository in await RepositoriesAsync(job, cancellationToken))
        {
            var source = upstreams.Resolve(repository);
            if (source is null)
            {
                failures.Add($"{repository}: mirrors no configured upstream");
                continue;
            }
            IReadOnlyList<string> tags;
            try
            {
                tags = (await source.Registry.ListTagsAsync(source.Repository, cancellationToken)).Where(copies).ToList();
            }
            catch (UpstreamException e)
            {
                failures.Add($"{repository}: {e.Message}");
                continue;
            }
            progress?.Report($"sync {job.Name}: {repository} from {source}: {tags.Count} tags match");
            await Parallel.ForEachAsync(tags, new ParallelOptions { MaxDegreeOfParallelism = run.Concurrency, CancellationToken = cancellationToken },
                async (tag, cancel) =>
                {
                    try
                    {
                        var image = await copier.CopyAsync(source, ManifestReference.ForTag(tag), repository, job.Platforms, run, cancel);
                        if (image.New) Interlocked.Increment(ref copied);
                        else Interlocked.Increment(ref present);
                    }
                    catch (Exception e) when (e is UpstreamException or ImageCopyException)
                    {
                        lock (failures) failures.Add($"{repository}:{tag}: {e.Message}");
                    }
                });
        }
        var summary = run.Summary() + (failures.Count > 0 ? $"; {failures.Count} failed, first: {failures[0]}" : "");
        var record = new SyncRunRecord(id, job.Name, default, clock.GetUtcNow(), copied, present, run.BytesCopied, failures.Count, summary);
        await jobs.FinishRunAsync(record, cancellationToken);
        return new SyncRunResult(record, failures);
    }

    /// <summary>The job's repositories; <c>PREFIX/*</c> stands for the repositories of this registry under PREFIX now.</summary>
    private async Task<IReadOnlyList<RepositoryName>> RepositoriesAsync(SyncJob job, CancellationToken cancellationToken)
    {
        var names = new List<RepositoryName>();
        foreach (var entry in job.Repositories)
        {
            if (!entry.EndsWith("/*", StringComparison.Ordinal))
            {
                names.Add(RepositoryName.Parse(entry));
                continue;
            }
            var prefix = entry[..^1];
            string? last = null;
            while (true)
            {
                var page = await catalog.ListAsync(1000, last, cancellationToken);
                names.AddRange(page.Items.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(RepositoryName.Parse));
                if (page.Items.Count == 0 || !page.HasMore) break;
                last = page.Items[^1];
            }
        }
        return names.Distinct().ToList();
    }
}
