using Appliance.Core.Quotas;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// A namespace's quota and use as <c>/api/v1/quotas</c> and <c>quota show --json</c> give it (camelCase): the console's
/// quota page, its overview gauges and the namespace page read exactly these fields.
/// </summary>
public sealed record QuotaJson(string Namespace, long UsedBytes, long LimitBytes, int WarnPercent, int RejectPercent, string State, bool IsDefault)
{
    public static QuotaJson From(QuotaStatus status) => new(status.Namespace, status.UsedBytes, status.Quota.LimitBytes, status.Quota.WarnPercent,
        status.Quota.RejectPercent, StateName(status.State), status.IsDefault);

    /// <summary>"ok", "warning", "rejecting".</summary>
    public static string StateName(QuotaState state) => state.ToString().ToLowerInvariant();
}
