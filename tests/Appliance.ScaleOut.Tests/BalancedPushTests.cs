using System.Diagnostics;
using Appliance.Testing;

namespace Appliance.ScaleOut.Tests;

public sealed class BalancedPushTests : ScaleOutTest
{
    [Fact]
    public async Task Copy_all_of_a_multi_arch_image_through_the_balancer_pulls_back_byte_identical()
    {
        var index = TestImages.Index([TestImages.Image(2, 256 * 1024, 10), TestImages.Image(2, 256 * 1024, 11, architecture: "arm64")]);
        (await Skopeo.PushAsync(index, "ocp/multi:v1")).EnsureSuccess("push through the balancer");
        await Skopeo.AssertPullsBackAsync("ocp/multi:v1", index);
    }

    [Fact]
    public async Task Sixteen_concurrent_pushers_through_the_balancer_all_pull_back_byte_identical()
    {
        var images = Images(16, 100);
        var clock = Stopwatch.StartNew();
        var pushes = await Task.WhenAll(images.Select((image, i) => Skopeo.PushAsync(image, $"team/app{i}:v1")));
        var elapsed = clock.Elapsed;
        foreach (var push in pushes) push.EnsureSuccess("concurrent push");
        var bytes = images.Sum(i => i.Blobs.Append(i.Manifest).Sum(b => (long)b.Content.Length));
        TestContext.Current.TestOutputHelper?.WriteLine($"16 pushers: {bytes / 1048576.0:F1} MiB in {elapsed.TotalSeconds:F1} s = {bytes / 1048576.0 / elapsed.TotalSeconds:F1} MiB/s");

        clock.Restart();
        await Task.WhenAll(images.Select((image, i) => Skopeo.AssertPullsBackAsync($"team/app{i}:v1", image)));
        TestContext.Current.TestOutputHelper?.WriteLine($"16 pullers: {bytes / 1048576.0:F1} MiB in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
