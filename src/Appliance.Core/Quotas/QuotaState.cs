namespace Appliance.Core.Quotas;

/// <summary>Where a namespace's use stands against its quota; ordered, so a higher state is a worse one.</summary>
public enum QuotaState
{
    Ok = 0,
    Warning = 1,
    Rejecting = 2,
}
