using System.Diagnostics;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>
/// <c>release mirror</c> of a synthetic OpenShift release (a release image naming <see cref="Components"/> component images)
/// from a local distribution registry into a fresh registry of ours, against what a mirror script does without it:
/// <c>skopeo copy --all</c> of the release and of each component, one after the other. Both end with the same images in
/// the same repositories; the figure is component images per second over the whole copy.
/// </summary>
public sealed class ReleaseMirrorBenchmark(BenchmarkSettings settings, string binary, string work)
{
    private const string ReleaseRepository = "lib/ocp-release";
    private const string ComponentRepository = "lib/ocp-v4.0-art-dev";
    private const string Tag = "4.99.0-x86_64";

    public int Components => settings.Quick ? 20 : 100;
    private int LayerBytes => settings.Quick ? 64 << 10 : 1 << 20;

    public async Task<(Measurement Mirror, Measurement Skopeo)> RunAsync()
    {
        await using var upstream = new DistributionRegistry(work, name: "release upstream");
        await upstream.StartAsync();
        var components = Enumerable.Range(0, Components)
            .Select(i => ($"component-{i:D3}", TestImages.Image(2, LayerBytes, 9000 + i))).ToList();
        using (var pusher = new RegistryHttpClient(upstream.CreateClient()))
        {
            foreach (var (_, image) in components) await pusher.PushImageAsync(ComponentRepository, image.Digest, image);
            await pusher.PushImageAsync(ReleaseRepository, Tag,
                TestReleases.Release("4.99.0", components, seed: 9000, componentSource: $"{upstream.Authority}/{ComponentRepository}"));
        }
        var mirror = new Measurement("images/s");
        var skopeo = new Measurement("images/s");
        for (var repetition = 0; repetition < settings.Repetitions; repetition++)
        {
            mirror.Add(Components / await MirrorAsync(upstream, repetition));
            skopeo.Add(Components / await SkopeoAsync(upstream, components.Select(c => c.Item2.Digest).ToList(), repetition));
            Console.Error.WriteLine($"   {Components} components: release mirror {mirror.Values[^1]:0.0} images/s, skopeo copy one by one {skopeo.Values[^1]:0.0} images/s");
        }
        return (mirror, skopeo);
    }

    /// <summary>The published binary's <c>release mirror</c> on the data directory of a running registry, as an admin runs it.</summary>
    private async Task<double> MirrorAsync(DistributionRegistry upstream, int repetition)
    {
        await using var target = new ApplianceRegistry(binary, work, tls: false, $"release mirror target {repetition}");
        await target.StartAsync();
        var clock = Stopwatch.StartNew();
        (await ProcessRunner.RunAsync(binary, ["release", "mirror", $"{upstream.Authority}/{ReleaseRepository}:{Tag}", "--data", target.DataDirectory,
            "--tls:enabled", "false", "--upstreams:mappings:0", $"{upstream.Authority}/lib=ocp4",
            "--upstreams:hosts:0:host", upstream.Authority, "--upstreams:hosts:0:plainHttp", "true"], TimeSpan.FromMinutes(20))).EnsureSuccess("release mirror");
        var seconds = clock.Elapsed.TotalSeconds;
        await target.StopAsync();
        WorkDirectory.Delete(target.DataDirectory);
        return seconds;
    }

    private async Task<double> SkopeoAsync(DistributionRegistry upstream, IReadOnlyList<string> components, int repetition)
    {
        await using var target = new ApplianceRegistry(binary, work, tls: false, $"skopeo target {repetition}");
        await target.StartAsync();
        var clock = Stopwatch.StartNew();
        await CopyAsync($"{ReleaseRepository}:{Tag}", $"ocp4/ocp-release:{Tag}");
        for (var i = 0; i < components.Count; i++) await CopyAsync($"{ComponentRepository}@{components[i]}", $"ocp4/ocp-v4.0-art-dev:c{i}");
        var seconds = clock.Elapsed.TotalSeconds;
        await target.StopAsync();
        WorkDirectory.Delete(target.DataDirectory);
        return seconds;

        async Task CopyAsync(string source, string destination) =>
            (await ProcessRunner.RunAsync("skopeo", ["copy", "--all", "--src-tls-verify=false", "--dest-tls-verify=false",
                $"docker://{upstream.Authority}/{source}", $"docker://{target.Authority}/{destination}"], TimeSpan.FromMinutes(5))).EnsureSuccess("skopeo copy");
    }
}
