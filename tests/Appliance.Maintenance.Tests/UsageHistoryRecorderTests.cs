using Appliance.Core.Storage;
using Appliance.Core.Usage;
using Appliance.Registry.Maintenance;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Maintenance.Tests;

/// <summary>The daily row of stored bytes: written at start when the day has none, and just after each UTC midnight.</summary>
public sealed class UsageHistoryRecorderTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private RegistryServer? _server;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_start_writes_the_missing_day_a_restart_that_day_does_not_and_the_next_day_gets_its_row_after_midnight()
    {
        _server = await RegistryServer.StartAsync();
        var history = _server.Services.GetRequiredService<IUsageHistory>();
        using var client = _server.CreateRegistryClient();
        var shared = TestImages.Layer(4096, 30);
        await client.PushImageAsync("team/first", "v1", TestImages.Image(1, 2048, 31, sharedLayers: [shared]));
        await client.PushImageAsync("team/second", "v1", TestImages.Image(1, 1024, 32, sharedLayers: [shared]));
        var day = new DateOnly(2031, 3, 10);
        var clock = new FakeTimeProvider(new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 50)), TimeSpan.Zero));
        var (linked, stored) = await FiguresAsync();
        Assert.True(linked > stored, "the two repositories share a layer");

        using (var first = Recorder(clock))
        {
            await first.StartAsync(Cancel);
            await Poll.UntilAsync("the row of the day the recorder starts", async () => (await history.ListAsync(day, Cancel)).Count == 1, Patience, Interval, Cancel);
            Assert.Equal([new UsageDay(day, linked, stored)], await history.ListAsync(day, Cancel));
            await first.StopAsync(Cancel);
        }

        await client.PushImageAsync("team/third", "v1", TestImages.Image(1, 8192, 33));
        using var second = Recorder(clock);
        await second.StartAsync(Cancel);
        // The restart finds the day's row and leaves it; five minutes past midnight the new day gets the figures of then.
        Assert.False(await Poll.HoldsWithinAsync(async () => (await history.ListAsync(day, Cancel))[0] != new UsageDay(day, linked, stored),
            TimeSpan.FromMilliseconds(500), Interval, Cancel));
        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.False(await Poll.HoldsWithinAsync(async () => (await history.ListAsync(day, Cancel)).Count > 1, TimeSpan.FromMilliseconds(300), Interval, Cancel));
        clock.Advance(TimeSpan.FromMinutes(2));
        await Poll.UntilAsync("the next day's row", async () => (await history.ListAsync(day, Cancel)).Count == 2, Patience, Interval, Cancel);
        var (linkedNow, storedNow) = await FiguresAsync();
        Assert.Equal([new UsageDay(day, linked, stored), new UsageDay(day.AddDays(1), linkedNow, storedNow)], await history.ListAsync(day, Cancel));
        Assert.True(storedNow > stored);
    }

    private UsageHistoryRecorder Recorder(TimeProvider clock) => new(_server!.Services.GetRequiredService<IUsageHistory>(),
        _server.Services.GetRequiredService<IRegistryStatistics>(), _server.Services.GetRequiredService<IRepositoryBrowser>(), clock,
        _server.Services.GetRequiredService<ILogger<UsageHistoryRecorder>>());

    private async Task<(long Linked, long Stored)> FiguresAsync() =>
        (await _server!.Services.GetRequiredService<IRepositoryBrowser>().LinkedBytesAsync(Cancel),
            (await _server.Services.GetRequiredService<IRegistryStatistics>().CountAsync(Cancel)).StoredBytes);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
