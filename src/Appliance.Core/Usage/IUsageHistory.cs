namespace Appliance.Core.Usage;

/// <summary>The daily series of stored bytes, one row a day, kept by the metadata store.</summary>
public interface IUsageHistory
{
    /// <summary>Writes the day's row, replacing one already written that day (replicas may both sample it).</summary>
    Task RecordAsync(UsageDay day, CancellationToken cancellationToken);

    /// <summary>The rows from <paramref name="since"/> on, oldest first.</summary>
    Task<IReadOnlyList<UsageDay>> ListAsync(DateOnly since, CancellationToken cancellationToken);
}
