using System.Net;

namespace Appliance.ScaleOut.Tests;

public sealed class CollectionTests : ScaleOutTest
{
    protected override string[] ServerArgs => ["--gc:gracePeriod", "00:00:00", "--gc:interval", "00:00:00"];

    [Fact]
    public async Task Collections_while_other_replicas_take_pushes_lose_nothing_referenced_and_run_one_at_a_time()
    {
        var images = Images(8, 500);
        var pushes = images.Select((image, i) => Skopeo.PushAsync(image, $"team/app{i}:v1", "--retry-times", "3")).ToArray();
        var statuses = new List<HttpStatusCode>();
        using var first = Cluster.CreateClient(0);
        using var second = Cluster.CreateClient(1);
        while (!pushes.All(p => p.IsCompleted))
        {
            var runs = await Task.WhenAll(first.PostAsync("/admin/gc", null, Cancel), second.PostAsync("/admin/gc", null, Cancel));
            statuses.AddRange(runs.Select(r => r.StatusCode));
            Assert.Contains(runs, r => r.StatusCode == HttpStatusCode.OK);
            foreach (var run in runs) run.Dispose();
        }
        var results = await Task.WhenAll(pushes);

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Conflict, $"GC answered {s}"));
        Assert.Contains(HttpStatusCode.Conflict, statuses);
        var acknowledged = Enumerable.Range(0, images.Length).Where(i => results[i].ExitCode == 0).ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine($"{statuses.Count} collections started ({statuses.Count(s => s == HttpStatusCode.Conflict)} refused), {acknowledged.Length} of {images.Length} pushes acknowledged");
        Assert.NotEmpty(acknowledged);
        foreach (var i in acknowledged) await Skopeo.AssertPullsBackAsync($"team/app{i}:v1", images[i]);
    }
}
