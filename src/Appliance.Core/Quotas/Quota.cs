using Appliance.Core.Configuration;

namespace Appliance.Core.Quotas;

/// <summary>
/// A namespace's size limit, with the percentages of it where the registry starts warning and where it refuses pushes.
/// A reject level above 100 lets a namespace go past its nominal limit before pushes stop (a soft limit).
/// </summary>
public sealed record Quota(long LimitBytes, int WarnPercent = Quota.DefaultWarnPercent, int RejectPercent = Quota.DefaultRejectPercent)
{
    public const int DefaultWarnPercent = 80;
    public const int DefaultRejectPercent = 100;

    public long WarnBytes => Level(WarnPercent);

    public long RejectBytes => Level(RejectPercent);

    public QuotaState StateOf(long usedBytes) =>
        usedBytes >= RejectBytes ? QuotaState.Rejecting : usedBytes >= WarnBytes ? QuotaState.Warning : QuotaState.Ok;

    /// <exception cref="ArgumentException">Says which value is wrong and what a good one looks like.</exception>
    public Quota Validated()
    {
        if (LimitBytes <= 0) throw new ArgumentException($"the limit must be a size above zero, for example {ByteSizes.Examples}");
        if (WarnPercent is < 1 or > 1000) throw new ArgumentException($"the warning level {WarnPercent}% must be a percentage from 1 to 1000, for example 80");
        if (RejectPercent is < 1 or > 1000) throw new ArgumentException($"the reject level {RejectPercent}% must be a percentage from 1 to 1000, for example 100");
        if (WarnPercent > RejectPercent)
        {
            throw new ArgumentException($"the warning level ({WarnPercent}%) must not be above the reject level ({RejectPercent}%)");
        }
        return this;
    }

    /// <summary>"20GiB, warn at 80%, reject at 100%": a quota as messages and the audit trail show it.</summary>
    public override string ToString() => $"{ByteSizes.Format(LimitBytes)}, warn at {WarnPercent}%, reject at {RejectPercent}%";

    // Decimal keeps a limit of many TiB times a percentage exact and inside a long.
    private long Level(int percent) => (long)Math.Min(long.MaxValue, (decimal)LimitBytes * percent / 100m);
}
