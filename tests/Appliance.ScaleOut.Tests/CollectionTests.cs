using System.Net;

namespace Appliance.ScaleOut.Tests;

public sealed class CollectionTests : ScaleOutTest
{
    protected override string[] ServerArgs => ["--gc:gracePeriod", "00:05:00", "--gc:interval", "00:00:00"];

    /// <summary>
    /// Collections keep starting on two replicas at once while a third takes pushes through the balancer: every push must
    /// be acknowledged and pull back. The grace period is the shipped kind (minutes), since without one a collection may
    /// rightly take the layers of a push whose manifest has not arrived yet; collections with no grace racing pushes of a
    /// shared layer are Appliance.Storage.Postgres.Tests' CollectionRaceTests.
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
        TestContext.Current.TestOutputHelper?.WriteLine($"{statuses.Count} collections started ({statuses.Count(s => s == HttpStatusCode.Conflict)} refused)");
        foreach (var result in results) result.EnsureSuccess("push while collections run");
        for (var i = 0; i < before.Length; i++) await Skopeo.AssertPullsBackAsync($"team/before{i}:v1", before[i]);
        for (var i = 0; i < during.Length; i++) await Skopeo.AssertPullsBackAsync($"team/during{i}:v1", during[i]);
    }
}
