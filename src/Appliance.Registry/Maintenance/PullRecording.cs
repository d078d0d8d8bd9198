using Appliance.Core.Configuration;
using Appliance.Core.Retention;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Maintenance;

/// <summary>Writes the manifest pulls the <see cref="PullRecorder"/> collected, every <c>retention.pullFlushInterval</c> and once more at shutdown.</summary>
public sealed class PullRecording(PullRecorder recorder, IOptions<RetentionOptions> options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PullFlushInterval > TimeSpan.Zero ? options.Value.PullFlushInterval : TimeSpan.FromSeconds(15);
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await recorder.FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await recorder.FlushAsync(cancellationToken);
    }
}
