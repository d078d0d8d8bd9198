using Appliance.Core.Audit;
using Microsoft.Extensions.Logging;

namespace Appliance.Core.Quotas;

/// <summary>
/// The quotas and use in memory, read again when older than <see cref="MaxAge"/> (so a change made on another replica, and
/// the pushes of others, show within it) and at once after a change made here. Upload starts and chunks are checked
/// against this copy without a query; publishing reads the namespace's use fresh (<see cref="QuotaGate"/>).
/// Each read also announces the namespaces whose state changed since last announced: one log line and one audit event per
/// crossing, on whichever replica records it first.
/// </summary>
public sealed class QuotaCache(IQuotaStore store, IAuditLog audit, TimeProvider clock, ILogger<QuotaCache> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private (QuotaSnapshot Snapshot, DateTimeOffset LoadedAt)? _current;

    public async ValueTask<QuotaSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && clock.GetUtcNow() - current.LoadedAt < MaxAge) return current.Snapshot;
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } loaded && clock.GetUtcNow() - loaded.LoadedAt < MaxAge) return loaded.Snapshot;
            var snapshot = new QuotaSnapshot(await store.ListAsync(cancellationToken), await store.ListUsageAsync(cancellationToken));
            await AnnounceCrossingsAsync(snapshot, cancellationToken);
            _current = (snapshot, clock.GetUtcNow());
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Forgets the copy after a change, so the next check reads the store.</summary>
    public void Invalidate() => _current = null;

    private async Task AnnounceCrossingsAsync(QuotaSnapshot snapshot, CancellationToken cancellationToken)
    {
        foreach (var status in snapshot.Statuses())
        {
            var announced = snapshot.AnnouncedState(status.Namespace);
            if (status.State == announced || !await store.MarkAnnouncedAsync(status.Namespace, status.State, cancellationToken)) continue;
            var detail = Describe(status);
            if (status.State > announced) logger.LogWarning("Quota of namespace {Namespace}: {Detail}", status.Namespace, detail);
            else logger.LogInformation("Quota of namespace {Namespace}: {Detail}", status.Namespace, detail);
            await audit.RecordAsync([new AuditEvent(clock.GetUtcNow(), AuditActions.QuotaState, null, null, status.Namespace, null, detail)],
                cancellationToken);
        }
    }

    /// <summary>"uses 17GiB of 20GiB (85%): warning (warn at 80%, reject at 100%)".</summary>
    public static string Describe(QuotaStatus status) =>
        $"uses {Configuration.ByteSizes.Format(status.UsedBytes)} of {Configuration.ByteSizes.Format(status.Quota.LimitBytes)} ({status.Percent}%): "
        + $"{status.State.ToString().ToLowerInvariant()} (warn at {status.Quota.WarnPercent}%, reject at {status.Quota.RejectPercent}%)";
}
