namespace Appliance.Core.Upstreams;

/// <summary>
/// Paces the downloads of one run to a byte rate shared by all its concurrent transfers: a reader that got ahead of the
/// rate waits until the rate allows what it has read. Idle time earns at most one second of burst.
/// </summary>
public sealed class BandwidthLimit(long bytesPerSecond, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private long _start = clock.GetTimestamp();
    private long _bytes;

    public static BandwidthLimit Unlimited { get; } = new(0, TimeProvider.System);

    public async ValueTask TakeAsync(int bytes, CancellationToken cancellationToken)
    {
        if (bytesPerSecond <= 0) return;
        TimeSpan wait;
        lock (_gate)
        {
            var elapsed = clock.GetElapsedTime(_start);
            if (elapsed - Due(_bytes) > TimeSpan.FromSeconds(1))
            {
                _start = clock.GetTimestamp() - (long)(clock.TimestampFrequency * 1.0);
                _bytes = bytesPerSecond;
                elapsed = TimeSpan.FromSeconds(1);
            }
            _bytes += bytes;
            wait = Due(_bytes) - elapsed;
        }
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellationToken);
    }

    private TimeSpan Due(long bytes) => TimeSpan.FromSeconds((double)bytes / bytesPerSecond);
}
