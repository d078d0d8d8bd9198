using System.Collections.Concurrent;
using System.Threading.Channels;
using Appliance.Core.Audit;
using Appliance.Core.Identity;
using Appliance.Registry.Audit;

namespace Appliance.Registry.Auth;

/// <summary>
/// Records when robot accounts are used, off the request path like <see cref="LastLoginRecorder"/>: at most one write per
/// robot per <see cref="LastLoginRecorder.Resolution"/>. Audits a robot's first use ever, and its first use from an address
/// this registry process has not seen it use (a pull secret turning up somewhere new is what an admin wants to hear of).
/// </summary>
public sealed class RobotUseRecorder(IRobotStore store, AuditTrail audit, TimeProvider clock, ILogger<RobotUseRecorder> logger) : BackgroundService
{
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _queued = new();
    private readonly ConcurrentDictionary<(string Robot, string Client), byte> _seen = new();
    private readonly Channel<(string Robot, string Client, DateTimeOffset At, bool NewAddress)> _uses =
        Channel.CreateUnbounded<(string, string, DateTimeOffset, bool)>(new UnboundedChannelOptions { SingleReader = true });

    public void Record(string robot, string client)
    {
        var now = clock.GetUtcNow();
        // ContainsKey takes no lock; Count takes all of them, so it is asked only when an address is new.
        var newAddress = !_seen.ContainsKey((robot, client)) && _seen.TryAdd((robot, client), 0);
        if (newAddress && _seen.Count > MaxRemembered) _seen.Clear();
        if (!newAddress && _queued.TryGetValue(robot, out var last) && now - last < LastLoginRecorder.Resolution) return;
        _queued[robot] = now;
        _uses.Writer.TryWrite((robot, client, now, newAddress));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var use in _uses.Reader.ReadAllAsync(stoppingToken)) await WriteAsync(use);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was queued is still written below.
        }
        while (_uses.Reader.TryRead(out var use)) await WriteAsync(use);
    }

    private async Task WriteAsync((string Robot, string Client, DateTimeOffset At, bool NewAddress) use)
    {
        try
        {
            var first = await store.RecordUseAsync(use.Robot, use.At, LastLoginRecorder.Resolution, CancellationToken.None);
            if (first) audit.Record(AuditActions.RobotUse, use.Robot, use.Client, detail: "first use");
            else if (use.NewAddress) audit.Record(AuditActions.RobotUse, use.Robot, use.Client, detail: "first use from this address");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not record the use of robot {Robot}", use.Robot);
        }
    }
}
