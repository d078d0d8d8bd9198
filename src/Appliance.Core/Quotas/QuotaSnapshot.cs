using Appliance.Core.Identity;

namespace Appliance.Core.Quotas;

/// <summary>The quotas and the namespaces' use as read at one moment; what applies to a namespace is a dictionary lookup.</summary>
public sealed class QuotaSnapshot
{
    private readonly Dictionary<string, Quota> _quotas;
    private readonly Dictionary<string, NamespaceUsage> _usage;

    public QuotaSnapshot(IEnumerable<NamespaceQuota> quotas, IEnumerable<NamespaceUsage> usage)
    {
        _quotas = quotas.ToDictionary(q => q.Namespace, q => q.Quota, StringComparer.Ordinal);
        _usage = usage.ToDictionary(u => u.Namespace, StringComparer.Ordinal);
        Default = _quotas.GetValueOrDefault(NamespaceQuota.Default);
        _quotas.Remove(NamespaceQuota.Default);
    }

    public Quota? Default { get; }

    /// <summary>True when no quota applies anywhere: pushes then skip every quota check.</summary>
    public bool IsEmpty => Default is null && _quotas.Count == 0;

    /// <summary>The namespace's own quota, else the default; null when neither is set.</summary>
    public (Quota Quota, bool IsDefault)? QuotaOf(string @namespace) =>
        _quotas.TryGetValue(@namespace, out var own) ? (own, false) : Default is { } fallback ? (fallback, true) : null;

    public long UsedBytes(string @namespace) => _usage.TryGetValue(@namespace, out var usage) ? usage.UsedBytes : 0;

    public QuotaState AnnouncedState(string @namespace) => _usage.TryGetValue(@namespace, out var usage) ? usage.AnnouncedState : QuotaState.Ok;

    public QuotaStatus? StatusOf(string @namespace, long? usedBytes = null) =>
        QuotaOf(@namespace) is var (quota, isDefault) ? new QuotaStatus(@namespace, usedBytes ?? UsedBytes(@namespace), quota, isDefault) : null;

    /// <summary>
    /// Every namespace a quota applies to: those with a quota of their own, and with a default also every namespace that holds
    /// blobs; by name.
    /// </summary>
    public IReadOnlyList<QuotaStatus> Statuses()
    {
        var names = new SortedSet<string>(_quotas.Keys, StringComparer.Ordinal);
        if (Default is not null) names.UnionWith(_usage.Keys);
        return names.Where(name => name.Length > 0 && NamespacePattern.IsValid(name)).Select(name => StatusOf(name)!).ToList();
    }
}
