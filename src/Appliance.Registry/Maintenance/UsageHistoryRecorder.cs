using Appliance.Core.Storage;
using Appliance.Core.Usage;

namespace Appliance.Registry.Maintenance;

/// <summary>
/// Writes the day's row of the stored-bytes series (<see cref="IUsageHistory"/>): at start when today has none yet, then
/// just after each UTC midnight. Two counting queries a day; replicas may both write a day, the later row replaces the other.
/// </summary>
public sealed class UsageHistoryRecorder(IUsageHistory history, IRegistryStatistics statistics, IRepositoryBrowser browser, TimeProvider clock,
    ILogger<UsageHistoryRecorder> logger) : BackgroundService
{
    /// <summary>After midnight rather than at it: a clock a little behind would otherwise sample the day that is ending.</summary>
    private static readonly TimeSpan PastMidnight = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var today = Today();
        if (await TryAsync(() => MissingAsync(today, stoppingToken)) is true) await TryAsync(() => RecordAsync(today, stoppingToken));
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = new DateTimeOffset(DateOnly.FromDateTime(now.UtcDateTime).AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + PastMidnight;
            await Task.Delay(next - now, clock, stoppingToken);
            await TryAsync(() => RecordAsync(Today(), stoppingToken));
        }
    }

    /// <summary>Counts what the registry holds now and writes it as <paramref name="day"/>'s row.</summary>
    private async Task<bool> RecordAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var counts = await statistics.CountAsync(cancellationToken);
        var linked = await browser.LinkedBytesAsync(cancellationToken);
        await history.RecordAsync(new UsageDay(day, linked, counts.StoredBytes), cancellationToken);
        return true;
    }

    private async Task<bool> MissingAsync(DateOnly today, CancellationToken cancellationToken) =>
        (await history.ListAsync(today, cancellationToken)).Count == 0;

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>A failed sample (the database away for a moment) costs one point of the chart, not the service.</summary>
    private async Task<bool?> TryAsync(Func<Task<bool>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Recording the day's stored bytes failed");
            return null;
        }
    }
}
