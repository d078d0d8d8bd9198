using System.Net;

namespace Appliance.ScaleOut.Tests;

public sealed class CollectionTests : ScaleOutTest
{
    protected override string[] ServerArgs => ["--gc:gracePeriod", "00:00:00", "--gc:interval", "00:00:00"];

    /// <summary>
    /// With no grace period a collection may take the layers of a push whose manifest has not arrived yet (that push then
    /// fails, which is what the grace period exists to prevent), so only images acknowledged count; collections are a
    /// second apart so that pushes can finish between them.
    /// </summary>
    [Fact]
    public async Task Collections_while_other_replicas_take_pushes_lose_nothing_referenced_and_run_one_at_a_time()
    {
        var before = Images(4, 500);
        foreach (var push in await Task.WhenAll(before.Select((image, i) => Skopeo.PushAsync(image, $"team/before{i}:v1")))) push.EnsureSuccess("push before collecting");

        var during = Images(8, 600);
        var pushes = during.Select((image, i) => Skopeo.PushAsync(image, $"team/during{i}:v1", "--retry-times", "3")).ToArray();
        var statuses = new List<HttpStatusCode>();
        using var first = Cluster.CreateClient(0);
        using var second = Cluster.CreateClient(1);
        while (!pushes.All(p => p.IsCompleted))
        {
            var runs = await Task.WhenAll(first.PostAsync("/admin/gc", null, Cancel), second.PostAsync("/admin/gc", null, Cancel));
            statuses.AddRange(runs.Select(r => r.StatusCode));
            Assert.Contains(runs, r => r.StatusCode == HttpStatusCode.OK);
            foreach (var run in runs) run.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        }
        var results = await Task.WhenAll(pushes);

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, $"GC answered {s}"));
        Assert.Contains(HttpStatusCode.Conflict, statuses);
        var acknowledged = Enumerable.Range(0, during.Length).Where(i => results[i].ExitCode == 0).ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine($"{statuses.Count} collections started ({statuses.Count(s => s == HttpStatusCode.Conflict)} refused), {acknowledged.Length} of {during.Length} concurrent pushes acknowledged");
        for (var i = 0; i < before.Length; i++) await Skopeo.AssertPullsBackAsync($"team/before{i}:v1", before[i]);
        foreach (var i in acknowledged) await Skopeo.AssertPullsBackAsync($"team/during{i}:v1", during[i]);
    }
}
