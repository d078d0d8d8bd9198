using Appliance.Testing;

namespace Appliance.ScaleOut.Tests;

/// <summary>A fresh three-replica cluster (its own database and bucket) and scratch directory per test.</summary>
public abstract class ScaleOutTest : IAsyncLifetime
{
    protected ReplicaCluster Cluster { get; private set; } = null!;
    protected Skopeo Skopeo { get; private set; } = null!;
    protected TestDirectory Work { get; } = new("appliance-scale-out");
    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected virtual string[] ServerArgs => [];

    /// <summary>The PROXY protocol header HAProxy puts before each connection ("send-proxy", "send-proxy-v2"), or none.</summary>
    protected virtual string? BalancerSendProxy => null;

    public async ValueTask InitializeAsync()
    {
        Cluster = await ReplicaCluster.StartAsync(BalancerSendProxy, ServerArgs);
        Skopeo = new Skopeo(Cluster, Work);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Work.Dispose();
    }

    /// <summary>Waits for what replicas learn from each other by polling the database (every 2 s), so "within seconds" has a bound.</summary>
    protected static async Task EventuallyAsync(string what, Func<Task<bool>> condition)
    {
        var took = await Poll.UntilAsync(what, condition, within: TimeSpan.FromSeconds(10), every: TimeSpan.FromMilliseconds(200), Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: after {took.TotalSeconds:F1} s");
    }

    /// <summary>Distinct images of two layers each (1 MiB and a few KiB), none sharing a blob.</summary>
    protected static TestImage[] Images(int count, int seed) =>
        [.. Enumerable.Range(0, count).Select(i => TestImages.Image(2, 1024 * 1024, seed + i))];
}
