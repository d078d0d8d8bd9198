using Appliance.Registry.Hosting;

namespace Appliance.Registry.Auth;

/// <summary>
/// Keeps a replica's cached signing keys in step with the shared store: a key rotated on another replica signs here,
/// and the key it retired stops validating here, within <see cref="SharedStatePolling.Interval"/>. Idle for a single
/// registry, whose keys only it changes.
/// </summary>
public sealed class SigningKeyRefresh(TokenSigningKeys keys, ILogger<SigningKeyRefresh> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        keys.IsShared ? SharedStatePolling.RunAsync(keys.RefreshAsync, logger, "token signing keys", stoppingToken) : Task.CompletedTask;
}
