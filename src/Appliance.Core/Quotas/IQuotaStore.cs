namespace Appliance.Core.Quotas;

/// <summary>
/// The quotas and the namespaces' use, kept by the metadata engine (shared by replicas). The engine keeps the use current
/// itself, as links are added and removed, so reading it is one row per namespace and never a sum over blobs.
/// </summary>
public interface IQuotaStore
{
    /// <summary>Every quota set, the default (<see cref="NamespaceQuota.Default"/>) included.</summary>
    Task<IReadOnlyList<NamespaceQuota>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Sets or replaces the quota; false when it was set to exactly this already.</summary>
    Task<bool> SetAsync(NamespaceQuota quota, CancellationToken cancellationToken);

    /// <summary>False when the namespace had no quota of its own.</summary>
    Task<bool> RemoveAsync(string @namespace, CancellationToken cancellationToken);

    /// <summary>Every namespace that holds blobs, with its unique bytes.</summary>
    Task<IReadOnlyList<NamespaceUsage>> ListUsageAsync(CancellationToken cancellationToken);

    /// <summary>The namespace's unique bytes as committed now (0 when it holds no blob).</summary>
    Task<long> ReadUsageAsync(string @namespace, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="state"/> as announced for the namespace; true only for the one caller (of every replica) that
    /// changed it, which then announces the crossing.
    /// </summary>
    Task<bool> MarkAnnouncedAsync(string @namespace, QuotaState state, CancellationToken cancellationToken);
}
