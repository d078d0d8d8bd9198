using Appliance.Core.Audit;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Audit;

/// <summary>Removes audit events older than <see cref="AuditOptions.Retention"/> at start and once a day.</summary>
public sealed class AuditRetention(IAuditLog log, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditRetention> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1), clock);
        do
        {
            try
            {
                var removed = await log.DeleteBeforeAsync(clock.GetUtcNow() - options.Value.Retention, stoppingToken);
                if (removed > 0) logger.LogInformation("Removed {Count} audit events older than {Retention}", removed, options.Value.Retention);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Audit retention failed; retrying tomorrow");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
