using Appliance.Core.Audit;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Retention;
using Appliance.Registry.Audit;

namespace Appliance.Registry.Maintenance;

/// <summary>
/// Starts retention runs and records what a real one removed in the audit trail: one event per tag and manifest (with the
/// rule's reason) and one for the run, with who started it and from where, as <see cref="AuditedGarbageCollection"/> does.
/// A run can start a garbage collection afterwards, which gives the space back.
/// </summary>
public sealed class AuditedRetention(RetentionService retention, AuditedGarbageCollection collector, AuditTrail audit, TimeProvider clock)
{
    public async Task<RetentionOutcome> RunAsync(bool dryRun, bool collectGarbage, Func<string, bool>? include, string? user, string? clientAddress,
        string? origin, CancellationToken cancellationToken)
    {
        var report = await retention.RunAsync(dryRun, include, cancellationToken);
        if (dryRun) return new RetentionOutcome(report, null);

        var now = clock.GetUtcNow();
        var events = report.Removed.Select(r => new AuditEvent(now, r.Tag is null ? AuditActions.ManifestDelete : AuditActions.TagDelete, user,
            clientAddress, r.Repository, r.Digest.ToString(), r.Tag is null ? $"retention: {r.Reason}" : $"retention: tag {r.Tag}, {r.Reason}")).ToList();
        var summary = $"{report.Removed.Count(r => r.Tag is not null)} tags, {report.Removed.Count(r => r.Tag is null)} manifests "
                      + $"({report.Removed.Sum(r => r.Bytes)} bytes for the next garbage collection), {report.Skipped.Count} changed meanwhile and kept";
        events.Add(new AuditEvent(now, AuditActions.RetentionRun, user, clientAddress, null, null, origin is null ? summary : $"{summary}, {origin}"));
        await audit.WriteAsync(events, CancellationToken.None);

        var collection = collectGarbage ? await collector.RunAsync(false, user, clientAddress, origin is null ? "after retention" : $"after retention, {origin}",
            progress: null, cancellationToken) : null;
        return new RetentionOutcome(report, collection);
    }
}

/// <param name="Collection">The garbage collection the run started, if it was asked to.</param>
public sealed record RetentionOutcome(RetentionReport Report, GarbageCollectionReport? Collection)
{
    /// <summary>The JSON the admin endpoint, the console and the CLI show.</summary>
    public object ToJson() => new
    {
        Report.DryRun,
        at = Report.Plan.At,
        repositories = Report.Plan.Repositories,
        bytes = Report.Plan.Bytes,
        removals = Report.Plan.Removals.Select(r => new { r.Repository, r.Tag, digest = r.Digest.ToString(), r.Bytes, r.Reason }),
        kept = Report.Plan.Kept.Select(k => new { k.Repository, k.Tag, digest = k.Digest.ToString(), k.Rule, k.Reason }),
        removed = Report.Removed.Count,
        skipped = Report.Skipped.Select(r => new { r.Repository, r.Tag, digest = r.Digest.ToString() }),
        durationSeconds = Report.Duration.TotalSeconds,
        garbageCollection = Collection is { } gc
            ? new { gc.ManifestsRemoved, gc.LinksRemoved, gc.BlobsRemoved, gc.BytesReclaimed, gc.UploadsExpired }
            : null,
    };
}
