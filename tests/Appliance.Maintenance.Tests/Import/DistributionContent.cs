using Appliance.Testing;

namespace Appliance.Maintenance.Tests.Import;

/// <summary>
/// Content pushed into a real CNCF distribution registry the way mirrors fill one: skopeo pushes a multi-arch OCI index and a
/// tagged image under two tags, the HTTP API a Docker-format image and release components by digest only. A second round
/// (what an incremental archive carries) adds an image sharing a layer with the first and moves a tag to it.
/// </summary>
public static class DistributionContent
{
    public static readonly TestIndex Index = TestImages.Index([TestImages.Image(2, 4096, 201, architecture: "amd64"), TestImages.Image(1, 4096, 202, architecture: "arm64")]);
    public static readonly TestImage Tagged = TestImages.Image(1, 8192, 203);
    public static readonly TestImage Docker = TestImages.Image(1, 4096, 204, docker: true);
    public static readonly TestImage[] Components = [TestImages.Image(1, 2048, 205), TestImages.Image(1, 2048, 206)];
    public static readonly TestImage Update = TestImages.Image(1, 8192, 207, sharedLayers: Tagged.Layers);

    public static IReadOnlyList<ExpectedImage> FirstRound { get; } =
    [
        new("team/app", Index.Digest, "1.0"),
        new("team/app", Index.Images[0].Digest),
        new("team/app", Index.Images[1].Digest),
        new("tools/single", Tagged.Digest, "stable", "v1"),
        new("tools/docker", Docker.Digest, "latest"),
        .. Components.Select(c => new ExpectedImage("release/components", c.Digest)),
    ];

    public static IReadOnlyList<ExpectedImage> BothRounds { get; } =
    [
        .. FirstRound.Where(i => i.Digest != Tagged.Digest),
        new("tools/single", Tagged.Digest, "v1"),
        new("tools/single", Update.Digest, "stable", "v2"),
    ];

    /// <summary>Starts distribution with its storage under <paramref name="directory"/>, pushes the first round, stops it; returns the storage root.</summary>
    public static async Task<string> PushFirstRoundAsync(string directory)
    {
        await using var distribution = await DistributionServer.StartAsync(directory);
        var layouts = Path.Combine(directory, "layouts");
        OciLayout.Write(Path.Combine(layouts, "index"), "1.0", Index);
        OciLayout.Write(Path.Combine(layouts, "tagged"), "v1", Tagged);
        await SkopeoPushAsync(distribution, ["--all", $"oci:{layouts}/index:1.0"], "team/app:1.0");
        await SkopeoPushAsync(distribution, [$"oci:{layouts}/tagged:v1"], "tools/single:v1");
        await SkopeoPushAsync(distribution, [$"oci:{layouts}/tagged:v1"], "tools/single:stable");
        using var client = distribution.CreateClient();
        await client.PushImageAsync("tools/docker", "latest", Docker);
        foreach (var component in Components) await client.PushImageAsync("release/components", component.Digest, component);
        return distribution.StorageDirectory;
    }

    /// <summary>Starts distribution again on the same storage and pushes the second round.</summary>
    public static async Task PushSecondRoundAsync(string directory)
    {
        await using var distribution = await DistributionServer.StartAsync(directory);
        using var client = distribution.CreateClient();
        await client.PushImageAsync("tools/single", "v2", Update);
        await client.PushImageAsync("tools/single", "stable", Update);
    }

    private static async Task SkopeoPushAsync(DistributionServer distribution, string[] source, string destination) =>
        (await ProcessRunner.RunAsync("skopeo", ["copy", "--preserve-digests", "--dest-tls-verify=false", .. source,
            $"docker://{distribution.Authority}/{destination}"])).EnsureSuccess($"skopeo copy to {destination}");
}
