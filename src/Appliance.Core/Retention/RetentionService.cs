using System.Diagnostics;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Appliance.Core.Retention;

/// <summary>
/// Applies the retention policies. A dry run and a run take the same path: read every repository, plan, and (a run only)
/// delete exactly the plan's removals, each re-checked in its own transaction. A run holds the garbage collector's claim,
/// so it is the only run and no collection runs beside it, in this process and across replicas. It removes tags and
/// manifests only: the space comes back at the next garbage collection.
/// </summary>
public sealed class RetentionService(
    IRetentionStore store,
    IManifestIndex manifests,
    IRepositoryCatalog catalog,
    IGarbageCollectionIndex collection,
    ManifestParser parser,
    RetentionPlanner planner,
    TimeProvider clock,
    ILogger<RetentionService> logger)
{
    private const int CatalogPage = 1000;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <param name="include">Which repositories the run may remove from (a namespace admin's); null: all. Others are still read for their releases.</param>
    public async Task<RetentionReport> RunAsync(bool dryRun, Func<string, bool>? include, CancellationToken cancellationToken)
    {
        if (dryRun) return await ApplyAsync(dryRun, include, cancellationToken);
        if (!await _oneAtATime.WaitAsync(0, cancellationToken)) throw new RetentionBusyException();
        try
        {
            await using var claim = await collection.TryClaimRunAsync(cancellationToken) ?? throw new RetentionBusyException();
            return await ApplyAsync(dryRun, include, cancellationToken);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<RetentionReport> ApplyAsync(bool dryRun, Func<string, bool>? include, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var plan = await PlanAsync(include, cancellationToken);
        var removed = new List<RetentionRemoval>();
        var skipped = new List<RetentionRemoval>();
        if (!dryRun)
        {
            foreach (var removal in plan.Removals)
            {
                var repository = RepositoryName.Parse(removal.Repository);
                var done = removal.Tag is { } tag
                    ? await store.DeleteTagAsync(repository, tag, removal.Digest, cancellationToken)
                    : await store.DeleteUntaggedManifestAsync(repository, removal.Digest, cancellationToken);
                (done ? removed : skipped).Add(removal);
            }
        }
        logger.LogInformation("Retention{DryRun}: {Tags} tags and {Manifests} manifests ({Bytes} bytes) {Verb}, {Skipped} changed meanwhile and kept, in {Seconds:0.000} s",
            dryRun ? " (dry run)" : "", plan.Removals.Count(r => r.Tag is not null), plan.Removals.Count(r => r.Tag is null), plan.Bytes,
            dryRun ? "would go" : "removed", skipped.Count, started.Elapsed.TotalSeconds);
        return new RetentionReport(dryRun, plan, removed, skipped, started.Elapsed);
    }

    private async Task<RetentionPlan> PlanAsync(Func<string, bool>? include, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var policies = await store.ListPoliciesAsync(cancellationToken);
        var repositories = new List<RetainedRepository>();
        string? last = null;
        while (true)
        {
            var page = await catalog.ListAsync(CatalogPage, last, cancellationToken);
            foreach (var name in page.Items)
            {
                var policy = include is null || include(name) ? RetentionPolicy.For(policies, name) : null;
                repositories.Add(await ReadAsync(RepositoryName.Parse(name), policy, cancellationToken));
            }
            if (!page.HasMore || page.Items.Count == 0) break;
            last = page.Items[^1];
        }
        return await planner.PlanAsync(repositories, now, cancellationToken);
    }

    private async Task<RetainedRepository> ReadAsync(RepositoryName name, RetentionPolicy? policy, CancellationToken cancellationToken)
    {
        var pulled = policy is null ? new Dictionary<Content.Digest, DateTimeOffset>() : await store.LastPulledAsync(name, cancellationToken);
        var images = new List<RetainedImage>();
        await foreach (var record in manifests.ListRecordsAsync(name, cancellationToken))
        {
            var parsed = parser.Parse(record.Manifest.Content, record.Manifest.MediaType);
            images.Add(new RetainedImage(record, parsed, pulled.TryGetValue(record.Manifest.Digest, out var at) ? at : null));
        }
        var shared = policy is null ? new HashSet<Content.Digest>() : await store.BlobsLinkedElsewhereAsync(name, cancellationToken);
        return new RetainedRepository(name, policy, images, shared);
    }
}
