namespace Appliance.Registry.Hosting;

/// <summary>
/// How replicas learn what another replica changed in the shared database (a rotated signing key, a replaced
/// certificate): each one reads it again every <see cref="Interval"/>. Polling rather than LISTEN/NOTIFY because a
/// notification sent while a replica's listening connection is down (a database restart, a failover, a network blip)
/// is lost for good, so listening would need this polling as a fallback anyway; a few reads of one or two rows every
/// two seconds per replica cost the database nothing, and no connection is held open per replica.
/// </summary>
public static class SharedStatePolling
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs <paramref name="refresh"/> every <see cref="Interval"/> until <paramref name="stopping"/>. A failure is logged
    /// when it starts and when it ends, not every two seconds while the database is down.
    /// </summary>
    public static async Task RunAsync(Func<CancellationToken, Task> refresh, ILogger logger, string what, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval);
        var failing = false;
        do
        {
            try
            {
                await refresh(stopping);
                if (failing) logger.LogInformation("Reading the shared {What} works again", what);
                failing = false;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                if (!failing) logger.LogWarning("Cannot read the shared {What} ({Reason}); retrying every {Seconds} s", what, e.Message, Interval.TotalSeconds);
                failing = true;
            }
        }
        while (await timer.WaitForNextTickAsync(stopping));
    }
}
