using Appliance.Core.Configuration;
using Appliance.Core.Errors;
using Appliance.Core.Identity;
using Appliance.Core.Names;

namespace Appliance.Core.Quotas;

/// <summary>
/// Refuses blob uploads, mounts and manifest pushes into a namespace at its reject level, with the spec's DENIED naming the
/// namespace, its use and its limit. Pulls, deletes and garbage collection never pass through here.
/// <para>
/// The bound on overshoot: an upload is checked when it starts and when each chunk arrives (against the cached figures, no
/// query), and again when it is published (against the namespace's use as committed, one single-row read). Once the use
/// committed reaches the reject level, every later publish is refused; only publishes that had passed their check before
/// then (the blobs in flight at that moment, at most one per concurrent pusher) still land. With no quota anywhere, every
/// check is a field read.
/// </para>
/// </summary>
public sealed class QuotaGate(QuotaCache cache, IQuotaStore store)
{
    /// <summary>For an upload's start and chunks: the cached state, at most <see cref="QuotaCache.MaxAge"/> old.</summary>
    public async ValueTask EnsureUploadAllowedAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        var snapshot = await cache.GetAsync(cancellationToken);
        if (snapshot.IsEmpty) return;
        if (snapshot.StatusOf(NamespacePattern.Of(repository.Value)) is { State: QuotaState.Rejecting } status) throw Refusal(status);
    }

    /// <summary>For what makes a blob or manifest part of the namespace: its use as committed now.</summary>
    public async ValueTask EnsurePublishAllowedAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        var snapshot = await cache.GetAsync(cancellationToken);
        if (snapshot.IsEmpty) return;
        var @namespace = NamespacePattern.Of(repository.Value);
        if (snapshot.QuotaOf(@namespace) is null) return;
        var used = await store.ReadUsageAsync(@namespace, cancellationToken);
        if (snapshot.StatusOf(@namespace, used) is { State: QuotaState.Rejecting } status) throw Refusal(status);
    }

    public static RegistryException Refusal(QuotaStatus status) =>
        new(OciErrorCode.Denied,
            $"namespace {status.Namespace} is over its quota: it uses {ByteSizes.Format(status.UsedBytes)} of its {ByteSizes.Format(status.Quota.LimitBytes)} limit "
            + $"({status.Percent}%, pushes are refused from {status.Quota.RejectPercent}%); delete images and run gc, or ask an admin to raise the quota",
            new { @namespace = status.Namespace, usedBytes = status.UsedBytes, limitBytes = status.Quota.LimitBytes, rejectPercent = status.Quota.RejectPercent });
}
