namespace Appliance.Registry.Maintenance;

/// <summary>Runs a maintenance job on an interval while the registry serves: a busy store skips a tick, a failure is logged and the next tick retries.</summary>
public static class MaintenanceSchedule
{
    /// <param name="what">The job, as the log names it ("garbage collection").</param>
    /// <param name="isBusy">Whether an exception says another node runs the job (logged as a skip, not a failure).</param>
    public static async Task RunAsync(TimeSpan interval, TimeProvider clock, ILogger logger, string what, Func<CancellationToken, Task> job,
        Func<Exception, bool> isBusy, CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await job(stoppingToken);
            }
            catch (Exception e) when (isBusy(e))
            {
                logger.LogInformation("Scheduled {What} skipped: {Reason}", what, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One failed run must not stop the schedule; the next tick retries.
                logger.LogError(e, "Scheduled {What} failed", what);
            }
        }
    }
}
