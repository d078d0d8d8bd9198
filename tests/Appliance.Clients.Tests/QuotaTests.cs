using Appliance.Core.Configuration;
using Appliance.Core.Quotas;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Clients.Tests;

/// <summary>Quotas as real clients meet them: concurrent skopeo pushers stop near the limit, podman shows the DENIED message.</summary>
public sealed class QuotaTests : ClientTest
{
    private const int Pushers = 4;
    private const int ImagesEach = 5;
    private const int LayersEach = 3;
    private const int LayerSize = 32 * 1024;

    private readonly ContainerStorage _storage = new();

    private Task SetQuotaAsync(string @namespace, long limit) =>
        Server.Services.GetRequiredService<QuotaService>().SetAsync(@namespace, new Quota(limit), Cancel);

    private Task<long> UsedAsync(string @namespace) => Server.Services.GetRequiredService<IQuotaStore>().ReadUsageAsync(@namespace, Cancel);

    [Fact]
    public async Task Concurrent_skopeo_pushers_into_a_namespace_near_its_limit_overshoot_it_by_no_more_than_the_blobs_in_flight()
    {
        var images = Enumerable.Range(0, Pushers).Select(p => Enumerable.Range(0, ImagesEach)
            .Select(i => TestImages.Image(LayersEach, LayerSize, 300 + p * 10 + i)).ToList()).ToList();
        long ImageBytes(TestImage image) => image.Blobs.Sum(b => (long)b.Content.Length);
        var attempted = images.SelectMany(list => list).Sum(ImageBytes);
        // Room for about four images of the twenty: without the quota the namespace would end five times over it.
        var limit = attempted / 5;
        await SetQuotaAsync("full", limit);

        var refusals = await Task.WhenAll(images.Select((list, pusher) => Task.Run(async () =>
        {
            foreach (var (image, i) in list.Select((image, i) => (image, i)))
            {
                var result = await ProcessRunner.RunAsync("skopeo",
                    ["copy", "--dest-tls-verify=false", $"oci:{Layout(image)}:v1", $"docker://{Host}/full/app{pusher}:v{i}"]);
                if (result.ExitCode != 0) return result.All;
            }
            return null;
        }, Cancel)));

        var used = await UsedAsync("full");
        // Each pusher can have had at most one image's blobs in flight (skopeo uploads an image's layers side by side) when
        // the use reached the limit; everything after that is refused.
        var inFlight = Pushers * images.SelectMany(list => list).Max(ImageBytes);
        TestContext.Current.TestOutputHelper?.WriteLine($"limit {limit}, used {used}, bound {limit + inFlight}, attempted {attempted}");
        Assert.True(used >= limit && used <= limit + inFlight, $"used {used} of {limit}, bound {limit + inFlight}");
        Assert.True(used < attempted / 2, $"used {used}: pushes were not stopped");
        var refused = refusals.Where(r => r is not null).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, output => Assert.Contains("namespace full is over its quota", output));
    }

    [Fact]
    public async Task Podman_sees_the_denied_error_naming_the_namespace_its_use_and_limit()
    {
        await Registry.PushImageAsync("team/base", "v1", TestImages.Image(2, 64 * 1024, 320));
        await SetQuotaAsync("team", 100 * 1024);
        var image = TestImages.Image(1, 8192, 321);
        await PodmanAsync("pull", $"oci:{Layout(image)}:v1");
        var id = (await PodmanAsync("images", "-q")).StandardOutput.Trim();

        var push = await ProcessRunner.RunAsync("podman", [.. _storage.Options, "push", "--tls-verify=false", id, $"{Host}/team/app:v1"]);

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("denied", push.All, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"namespace team is over its quota: it uses {ByteSizes.Format(await UsedAsync("team"))} of its 100KiB limit", push.All);
        // Pulls keep working.
        await PodmanAsync("pull", "--tls-verify=false", $"{Host}/team/base:v1");
    }

    private Task<ProcessResult> PodmanAsync(params string[] arguments) => RunAsync("podman", [.. _storage.Options, .. arguments]);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _storage.Dispose();
    }
}
