namespace Appliance.Core.Quotas;

/// <summary>A namespace's use against the quota that applies to it (its own, or the default when <paramref name="IsDefault"/>).</summary>
public sealed record QuotaStatus(string Namespace, long UsedBytes, Quota Quota, bool IsDefault)
{
    public QuotaState State => Quota.StateOf(UsedBytes);

    /// <summary>Use as a fraction of the limit (1 = at the limit), the figure the metric exports.</summary>
    public double Ratio => (double)UsedBytes / Quota.LimitBytes;

    public int Percent => (int)Math.Floor(Ratio * 100);
}
