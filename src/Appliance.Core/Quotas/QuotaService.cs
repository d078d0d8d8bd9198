using Appliance.Core.Identity;

namespace Appliance.Core.Quotas;

/// <summary>
/// Quotas as admins change them: checked (a namespace name, sane levels) before they are stored, each change taking effect
/// here at once and on other replicas within <see cref="QuotaCache.MaxAge"/>.
/// </summary>
public sealed class QuotaService(IQuotaStore store, QuotaCache cache)
{
    /// <param name="namespace">A namespace name, or <see cref="NamespaceQuota.Default"/>.</param>
    /// <returns>False when the namespace had this quota already.</returns>
    public async Task<bool> SetAsync(string @namespace, Quota quota, CancellationToken cancellationToken)
    {
        RequireNamespace(@namespace);
        var changed = await store.SetAsync(new NamespaceQuota(@namespace, quota.Validated()), cancellationToken);
        if (changed) cache.Invalidate();
        return changed;
    }

    /// <exception cref="InvalidOperationException">The namespace had no quota of its own.</exception>
    public async Task ClearAsync(string @namespace, CancellationToken cancellationToken)
    {
        RequireNamespace(@namespace);
        if (!await store.RemoveAsync(@namespace, cancellationToken))
        {
            throw new InvalidOperationException(@namespace == NamespaceQuota.Default ? "no default quota is set" : $"namespace {@namespace} has no quota of its own");
        }
        cache.Invalidate();
    }

    /// <summary>The figures as stored now (not the cached copy): what an admin who just pushed or changed something expects to see.</summary>
    public async Task<QuotaSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        cache.Invalidate();
        return await cache.GetAsync(cancellationToken);
    }

    private static void RequireNamespace(string @namespace)
    {
        if (@namespace == NamespaceQuota.Default) return;
        if (@namespace.Contains('*') || !NamespacePattern.IsValid(@namespace))
        {
            throw new ArgumentException($"'{@namespace}' is not a namespace name (the first path component of repositories: lower-case letters, digits, '.', '_', '-')");
        }
    }
}
