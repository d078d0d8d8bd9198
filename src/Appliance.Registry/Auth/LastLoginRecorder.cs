using System.Collections.Concurrent;
using System.Threading.Channels;
using Appliance.Core.Auth;

namespace Appliance.Registry.Auth;

/// <summary>
/// Records when users log in, off the request path: logins are queued and written by this service. A user's login is written
/// at most once per <see cref="Resolution"/> (remembered here, and checked again by the store's conditional update), so
/// clients that fetch a token every few minutes or send Basic credentials with every request do not make each request a write.
/// </summary>
public sealed class LastLoginRecorder(IUserStore store, TimeProvider clock, ILogger<LastLoginRecorder> logger) : BackgroundService
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _queued = new();
    private readonly Channel<(string User, DateTimeOffset At)> _logins =
        Channel.CreateUnbounded<(string, DateTimeOffset)>(new UnboundedChannelOptions { SingleReader = true });

    public void Record(string user)
    {
        var now = clock.GetUtcNow();
        if (_queued.TryGetValue(user, out var last) && now - last < Resolution) return;
        _queued[user] = now;
        _logins.Writer.TryWrite((user, now));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (user, at) in _logins.Reader.ReadAllAsync(stoppingToken)) await WriteAsync(user, at);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was queued is still written below.
        }
        while (_logins.Reader.TryRead(out var login)) await WriteAsync(login.User, login.At);
    }

    private async Task WriteAsync(string user, DateTimeOffset at)
    {
        try
        {
            await store.RecordLoginAsync(user, at, Resolution, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The login itself succeeded; only its time is lost.
            logger.LogWarning(e, "Could not record the login of {User}", user);
        }
    }
}
