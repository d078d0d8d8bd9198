using System.Collections.Concurrent;
using Appliance.Core.Auth;

namespace Appliance.Storage.Sqlite;

/// <summary>Failed logins of a single registry, in its memory: a restart forgets them, as it forgets nothing worse.</summary>
public sealed class MemoryLoginFailureStore : ILoginFailureStore
{
    private const int MaxTrackedClients = 100_000;
    private readonly ConcurrentDictionary<(string User, string Client), LoginFailures> _failures = new();

    public Task<LoginFailures?> FindAsync(string user, string client, CancellationToken cancellationToken) =>
        Task.FromResult(_failures.GetValueOrDefault((user, client)));

    public Task RecordFailureAsync(string user, string client, DateTimeOffset at, DateTimeOffset forgetBefore, CancellationToken cancellationToken)
    {
        if (_failures.Count > MaxTrackedClients) Prune(forgetBefore);
        _failures.AddOrUpdate((user, client), _ => new LoginFailures(1, at), (_, previous) => new LoginFailures(previous.Count + 1, at));
        return Task.CompletedTask;
    }

    public Task ClearAsync(string user, string client, CancellationToken cancellationToken)
    {
        _failures.TryRemove((user, client), out _);
        return Task.CompletedTask;
    }

    private void Prune(DateTimeOffset forgetBefore)
    {
        foreach (var (key, failures) in _failures)
        {
            if (failures.LastFailureAt < forgetBefore) _failures.TryRemove(key, out _);
        }
    }
}
