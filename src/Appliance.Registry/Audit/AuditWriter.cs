namespace Appliance.Registry.Audit;

/// <summary>Writes queued audit events, everything waiting in one transaction; drains the queue when the registry stops.</summary>
public sealed class AuditWriter(AuditTrail trail) : BackgroundService
{
    private const int MaxBatch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await trail.Queue.WaitToReadAsync(stoppingToken)) await WriteWaitingAsync(CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was queued is still written below.
        }
        await WriteWaitingAsync(CancellationToken.None);
    }

    private async Task WriteWaitingAsync(CancellationToken cancellationToken)
    {
        var batch = new List<Core.Audit.AuditEvent>();
        while (batch.Count < MaxBatch && trail.Queue.TryRead(out var entry)) batch.Add(entry);
        if (batch.Count > 0) await trail.WriteAsync(batch, cancellationToken);
    }
}
