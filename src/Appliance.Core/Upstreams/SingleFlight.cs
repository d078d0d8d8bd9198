using System.Collections.Concurrent;

namespace Appliance.Core.Upstreams;

/// <summary>
/// Runs the work for a key once however many callers ask at the same time: callers that arrive while it runs get the same
/// task. The work runs on the owner's token, so one caller giving up does not cancel it for the others.
/// </summary>
public sealed class SingleFlight<TKey, TValue> where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _flights = new();

    public Task<TValue> RunAsync(TKey key, Func<Task<TValue>> work) =>
        _flights.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => RunThenForgetAsync(k, work))).Value;

    private async Task<TValue> RunThenForgetAsync(TKey key, Func<Task<TValue>> work)
    {
        try
        {
            // The flight is in the dictionary before any of the work (or its removal) runs.
            await Task.Yield();
            return await work();
        }
        finally
        {
            _flights.TryRemove(key, out _);
        }
    }
}
