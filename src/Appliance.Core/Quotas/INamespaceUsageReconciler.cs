namespace Appliance.Core.Quotas;

/// <summary>Recomputes every namespace's use from the links themselves, correcting any drift of the figures kept as links change.</summary>
public interface INamespaceUsageReconciler
{
    /// <returns>How many namespaces had a wrong figure (0 when the kept figures were right, as they should be).</returns>
    Task<int> ReconcileAsync(CancellationToken cancellationToken);
}
