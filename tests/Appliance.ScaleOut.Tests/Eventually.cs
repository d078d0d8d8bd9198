using System.Diagnostics;

namespace Appliance.ScaleOut.Tests;

/// <summary>Waits for what replicas learn from each other by polling the database (every 2 s), so "within seconds" has a bound.</summary>
public static class Eventually
{
    public static readonly TimeSpan WithinSeconds = TimeSpan.FromSeconds(10);

    /// <returns>How long it took.</returns>
    public static async Task<TimeSpan> HoldsAsync(string what, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > WithinSeconds) Assert.Fail($"{what}: not within {WithinSeconds.TotalSeconds} s");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: after {clock.Elapsed.TotalSeconds:F1} s");
        return clock.Elapsed;
    }
}
