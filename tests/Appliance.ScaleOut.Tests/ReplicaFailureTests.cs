using System.Globalization;
using Appliance.Testing;

namespace Appliance.ScaleOut.Tests;

public sealed class ReplicaFailureTests : ScaleOutTest
{
    /// <summary>
    /// A big push runs alone after some small ones are acknowledged. The replica whose count of received blob bytes grows is the
    /// one its upload streams through; it is killed once it has read the whole layer and before the push ends, while the client
    /// waits for the answer (skopeo then sees EOF and retries). Killed mid-body instead, skopeo 1.9 gives up: Go reports that as
    /// "write: broken pipe", which its retry does not count as a network failure. More pushes start as the replica dies.
    /// </summary>
    [Fact]
    public async Task A_replica_killed_while_a_push_goes_through_it_loses_nothing_acknowledged_and_that_client_retries()
    {
        var before = Images(6, 400);
        foreach (var push in await Task.WhenAll(before.Select((image, i) => Skopeo.PushAsync(image, $"team/before{i}:v1")))) push.EnsureSuccess("push before the kill");

        var big = TestImages.Image(1, 96 * 1024 * 1024, 300);
        var layer = big.Layers.Single().Content.Length;
        var baseline = await Task.WhenAll(Enumerable.Range(0, Cluster.Replicas.Count).Select(BlobBytesReceivedAsync));
        var bigPush = Skopeo.PushAsync(big, "team/big:v1", "--retry-times", "5");
        var every = TimeSpan.FromMilliseconds(5);
        var (replica, _) = await Poll.ForAsync("a replica receives the big layer",
            async () =>
            {
                var now = await Task.WhenAll(Enumerable.Range(0, Cluster.Replicas.Count).Select(BlobBytesReceivedAsync));
                var busiest = Enumerable.Range(0, now.Length).MaxBy(r => now[r] - baseline[r]);
                return (Replica: busiest, Received: now[busiest] - baseline[busiest]);
            },
            progress => progress.Received > 8 * 1024 * 1024 || bigPush.IsCompleted, within: TimeSpan.FromMinutes(2), every, Cancel);
        await Poll.UntilAsync($"replica {replica} has read the whole big layer", async () =>
            await BlobBytesReceivedAsync(replica) - baseline[replica] >= layer || bigPush.IsCompleted, within: TimeSpan.FromMinutes(2), every, Cancel);
        Assert.False(bigPush.IsCompleted, $"the big push ended before replica {replica} could be killed while it was in flight");
        await Cluster.Replicas[replica].KillAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"killed replica {replica} once it had read the big layer, while the push was in flight");
        var after = Images(6, 500);
        var pushes = after.Select((image, i) => Skopeo.PushAsync(image, $"team/after{i}:v1", "--retry-times", "5")).ToArray();

        var bigResult = (await bigPush).EnsureSuccess("the big push its replica died under");
        Assert.Contains("retrying", bigResult.StandardError);
        TestContext.Current.TestOutputHelper?.WriteLine(bigResult.StandardError);
        await Skopeo.AssertPullsBackAsync("team/big:v1", big);
        for (var i = 0; i < before.Length; i++) await Skopeo.AssertPullsBackAsync($"team/before{i}:v1", before[i]);

        var results = await Task.WhenAll(pushes);
        var acknowledged = Enumerable.Range(0, after.Length).Where(i => results[i].ExitCode == 0).ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine($"{acknowledged.Length} of {after.Length} pushes started at the kill acknowledged");
        Assert.NotEmpty(acknowledged);
        foreach (var i in acknowledged) await Skopeo.AssertPullsBackAsync($"team/after{i}:v1", after[i]);

        var verify = await Cluster.VerifyAsync();
        Assert.True(verify.ExitCode == 0 && verify.StandardOutput.Contains("clean"), $"verify is not clean:\n{verify.All}");
    }

    /// <summary>The replica's count of blob bytes read from clients, which grows as an upload's body is read.</summary>
    private async Task<double> BlobBytesReceivedAsync(int replica)
    {
        using var http = Cluster.CreateClient(replica);
        const string Name = "appliance_blob_bytes_received_total ";
        var line = (await http.GetStringAsync("/metrics", Cancel)).Split('\n').SingleOrDefault(l => l.StartsWith(Name, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[Name.Length..], CultureInfo.InvariantCulture);
    }
}
