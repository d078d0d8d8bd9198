using Appliance.Testing;

namespace Appliance.Maintenance.Tests.Import;

/// <summary>
/// Content pushed into a real CNCF distribution registry the way mirrors fill one: skopeo pushes a multi-arch OCI index and a
/// tagged image under two tags, the HTTP API a Docker-format image, and a synthetic OpenShift release as oc-mirror lays one
/// out (the release image tagged in openshift/release-images, its components by digest only in openshift/release). A second round
/// (what an incremental archive carries) adds an image sharing a layer with the first and moves a tag to it.
/// </summary>
public static class DistributionContent
{
    public static readonly TestIndex Index = TestImages.Index([TestImages.Image(2, 4096, 201, architecture: "amd64"), TestImages.Image(1, 4096, 202, architecture: "arm64")]);
    public static readonly TestImage Tagged = TestImages.Image(1, 8192, 203);
    public static readonly TestImage Docker = TestImages.Image(1, 4096, 204, docker: true);
    public static readonly IReadOnlyList<(string Name, TestImage Image)> Components = TestReleases.Components(3, seed: 205);
    public static readonly TestImage Release = TestReleases.Release("4.16.3", Components, seed: 208);
    public const string ReleaseTag = "4.16.3-x86_64";
    public static readonly TestImage Update = TestImages.Image(1, 8192, 207, sharedLayers: Tagged.Layers);

    public static IReadOnlyList<ExpectedImage> FirstRound { get; } =
    [
        new("team/app", Index.Digest, "1.0"),
        new("team/app", Index.Images[0].Digest),
        new("team/app", Index.Images[1].Digest),
        new("tools/single", Tagged.Digest, "stable", "v1"),
        new("tools/docker", Docker.Digest, "latest"),
        new("openshift/release-images", Release.Digest, ReleaseTag),
        .. Components.Select(c => new ExpectedImage("openshift/release", c.Image.Digest)),
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
        await client.PushImageAsync("openshift/release-images", ReleaseTag, Release);
        foreach (var (_, component) in Components) await client.PushImageAsync("openshift/release", component.Digest, component);
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
