namespace Appliance.Core.Quotas;

/// <summary>
/// The unique bytes of a namespace (each blob its repositories link, counted once) and the state last announced for it,
/// so a crossing is logged and audited once, by whichever replica sees it first.
/// </summary>
public sealed record NamespaceUsage(string Namespace, long UsedBytes, QuotaState AnnouncedState);
