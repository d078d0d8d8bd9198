using System.Diagnostics;

namespace Appliance.Testing;

/// <summary>
/// Waits for something the test cannot be told about, by looking again every <c>every</c> until it holds or <c>within</c>
/// has passed: the one polling loop of the tests, so every wait has a bound and says what it waited for when it runs out.
/// The condition is always looked at once more after the last pause, so a bound is never cut short by a slow look.
/// </summary>
public static class Poll
{
    /// <summary>Whether <paramref name="condition"/> came to hold within the bound; for waits whose running out is not a failure.</summary>
    public static async Task<bool> HoldsWithinAsync(Func<Task<bool>> condition, TimeSpan within, TimeSpan every, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > within) return false;
            await Task.Delay(every, cancellationToken);
        }
        return true;
    }

    public static Task<bool> HoldsWithinAsync(Func<bool> condition, TimeSpan within, TimeSpan every, CancellationToken cancellationToken = default) =>
        HoldsWithinAsync(() => Task.FromResult(condition()), within, every, cancellationToken);

    /// <summary>Waits until <paramref name="condition"/> holds; a <see cref="TimeoutException"/> naming <paramref name="what"/> when it does not within the bound.</summary>
    /// <returns>How long it took.</returns>
    public static async Task<TimeSpan> UntilAsync(string what, Func<Task<bool>> condition, TimeSpan within, TimeSpan every, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        if (!await HoldsWithinAsync(condition, within, every, cancellationToken)) throw new TimeoutException($"{what}: not within {within.TotalSeconds} s");
        return clock.Elapsed;
    }

    public static Task<TimeSpan> UntilAsync(string what, Func<bool> condition, TimeSpan within, TimeSpan every, CancellationToken cancellationToken = default) =>
        UntilAsync(what, () => Task.FromResult(condition()), within, every, cancellationToken);

    /// <summary>Reads until a value is <paramref name="done"/> and returns it; when none is within the bound, the exception shows the last one read.</summary>
    public static async Task<T> ForAsync<T>(string what, Func<Task<T>> read, Func<T, bool> done, TimeSpan within, TimeSpan every, CancellationToken cancellationToken = default)
    {
        var value = default(T)!;
        if (await HoldsWithinAsync(async () => done(value = await read()), within, every, cancellationToken)) return value;
        throw new TimeoutException($"{what}: not within {within.TotalSeconds} s; last read: {value}");
    }

    /// <summary>Blocking, for callers that are (Selenium's driver): reads until it returns a value, and returns that.</summary>
    public static T For<T>(string what, Func<T?> read, TimeSpan within, TimeSpan every) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (read() is { } value) return value;
            if (clock.Elapsed > within) throw new TimeoutException($"{what}: not within {within.TotalSeconds} s");
            Thread.Sleep(every);
        }
    }
}
