using Appliance.Core.Audit;
using Appliance.Core.Services;
using Microsoft.Extensions.Logging;

namespace Appliance.Core.Quotas;

/// <summary>
/// The quotas and use in memory, read again when older than <see cref="MaxAge"/> (so a change made on another replica, and
/// the pushes of others, show within it) and at once after a change made here. Upload starts and chunks are checked
/// against this copy without a query; publishing reads the namespace's use fresh (<see cref="QuotaGate"/>).
/// Each read also announces the namespaces whose state changed since last announced: one log line and one audit event per
/// crossing, on whichever replica records it first.
/// </summary>
public sealed class QuotaCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly IQuotaStore _store;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<QuotaCache> _logger;
    private readonly StoreCopy<QuotaSnapshot> _copy;

    public QuotaCache(IQuotaStore store, IAuditLog audit, TimeProvider clock, ILogger<QuotaCache> logger)
    {
        (_store, _audit, _clock, _logger) = (store, audit, clock, logger);
        _copy = new StoreCopy<QuotaSnapshot>(LoadAsync, MaxAge, clock);
    }

    public ValueTask<QuotaSnapshot> GetAsync(CancellationToken cancellationToken) => _copy.GetAsync(cancellationToken);

    /// <summary>Forgets the copy after a change, so the next check reads the store.</summary>
    public void Invalidate() => _copy.Invalidate();

    private async Task<QuotaSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = new QuotaSnapshot(await _store.ListAsync(cancellationToken), await _store.ListUsageAsync(cancellationToken));
        await AnnounceCrossingsAsync(snapshot, cancellationToken);
        return snapshot;
    }

    private async Task AnnounceCrossingsAsync(QuotaSnapshot snapshot, CancellationToken cancellationToken)
    {
        foreach (var status in snapshot.Statuses())
        {
            var announced = snapshot.AnnouncedState(status.Namespace);
            if (status.State == announced || !await _store.MarkAnnouncedAsync(status.Namespace, status.State, cancellationToken)) continue;
            var detail = Describe(status);
            if (status.State > announced) _logger.LogWarning("Quota of namespace {Namespace}: {Detail}", status.Namespace, detail);
            else _logger.LogInformation("Quota of namespace {Namespace}: {Detail}", status.Namespace, detail);
            await _audit.RecordAsync([new AuditEvent(_clock.GetUtcNow(), AuditActions.QuotaState, null, null, status.Namespace, null, detail)],
                cancellationToken);
        }
    }

    /// <summary>"uses 17GiB of 20GiB (85%): warning (warn at 80%, reject at 100%)".</summary>
    public static string Describe(QuotaStatus status) =>
        $"uses {Configuration.ByteSizes.Format(status.UsedBytes)} of {Configuration.ByteSizes.Format(status.Quota.LimitBytes)} ({status.Percent}%): "
        + $"{status.State.ToString().ToLowerInvariant()} (warn at {status.Quota.WarnPercent}%, reject at {status.Quota.RejectPercent}%)";
}
