namespace Appliance.ScaleOut.Tests;

public sealed class ReplicaFailureTests : ScaleOutTest
{
    [Fact]
    public async Task A_replica_killed_during_concurrent_pushes_loses_no_acknowledged_image_and_verify_is_clean()
    {
        var images = Images(12, 400);
        var pushes = images.Select((image, i) => Skopeo.PushAsync(image, $"team/app{i}:v1", "--retry-times", "5")).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(1.5), Cancel);
        await Cluster.Replicas[1].KillAsync();
        var results = await Task.WhenAll(pushes);

        var acknowledged = Enumerable.Range(0, images.Length).Where(i => results[i].ExitCode == 0).ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine($"{acknowledged.Length} of {images.Length} pushes acknowledged after the kill");
        Assert.NotEmpty(acknowledged);
        foreach (var i in acknowledged) await Skopeo.AssertPullsBackAsync($"team/app{i}:v1", images[i]);

        var verify = await Cluster.VerifyAsync();
        Assert.True(verify.ExitCode == 0 && verify.StandardOutput.Contains("clean"), $"verify is not clean:\n{verify.All}");
    }
}
