using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Appliance.Core.Auth;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Maintenance.Tests;

/// <summary>
/// <c>appliance-registry release check</c> as the real CLI on the data directory of a running server, and
/// <c>GET /api/v1/releases/check</c> on that server, against synthetic releases with the real payload structure.
/// </summary>
public sealed class ReleaseCheckTests : IAsyncLifetime
{
    private const string ReleaseRepository = "ocp4/openshift/release-images";
    private const string ComponentRepository = "ocp4/openshift/release";
    private const string Mirror = "registry.example.com:8443";

    /// <summary>The layout oc-mirror writes: releases and their components in two repositories under ocp4/openshift.</summary>
    private static readonly string[] Sources =
    [
        "--source", $"{TestReleases.ReleaseSource}={Mirror}/{ReleaseRepository}",
        "--source", $"{TestReleases.ComponentSource}={Mirror}/{ComponentRepository}",
    ];

    private RegistryServer _server = null!;
    private RegistryHttpClient _client = null!;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await RegistryServer.StartAsync();
        _client = _server.CreateRegistryClient();
    }

    [Fact]
    public async Task A_release_with_three_components_missing_names_exactly_those_and_passes_once_they_are_pushed()
    {
        var components = TestReleases.Components(40, seed: 1);
        var release = TestReleases.Release("4.16.3", components, seed: 1);
        await _client.PushImageAsync(ReleaseRepository, "4.16.3-x86_64", release);
        var absent = new[] { components[3], components[17], components[39] };
        foreach (var (_, image) in components.Except(absent)) await _client.PushImageAsync(ComponentRepository, image.Digest, image);

        var reference = $"{TestReleases.ReleaseSource}:4.16.3-x86_64";
        var incomplete = await CheckAsync(reference);
        Assert.Equal(1, incomplete.ExitCode);
        Assert.Contains("version 4.16.3: 40 components, 37 present, 3 missing", incomplete.StandardOutput);
        var missingLines = Lines(incomplete.StandardOutput).Where(l => l.StartsWith("missing: ")).ToList();
        Assert.Equal(absent.Select(c => $"missing: {c.Name} {TestReleases.ComponentSource}@{c.Image.Digest} -> {Mirror}/{ComponentRepository}@{c.Image.Digest}"),
            missingLines);
        Assert.Contains("checked 40/40 components", incomplete.StandardError);

        var api = await ApiAsync(reference);
        Assert.False(api.GetProperty("complete").GetBoolean());
        var payload = Assert.Single(api.GetProperty("payloads").EnumerateArray().ToList());
        Assert.Equal(37, payload.GetProperty("present").GetInt32());
        Assert.Equal(absent.Select(c => c.Name), payload.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("name").GetString()));

        foreach (var (_, image) in absent) await _client.PushImageAsync(ComponentRepository, image.Digest, image);
        var complete = await CheckAsync(reference);
        Assert.True(complete.ExitCode == 0, complete.All);
        Assert.Contains("40 components, 40 present, 0 missing", complete.StandardOutput);
        Assert.EndsWith("complete", complete.StandardOutput.TrimEnd());
        Assert.True((await ApiAsync(reference)).GetProperty("complete").GetBoolean());

        // Named by this registry's own host (localhost is in its certificate names) and by digest, the host is simply dropped.
        var local = await CheckAsync($"localhost:8443/{ReleaseRepository}@{release.Digest}");
        Assert.True(local.ExitCode == 0, local.All);
    }

    [Fact]
    public async Task A_multi_arch_release_index_is_checked_payload_by_payload()
    {
        var amd64Components = TestReleases.Components(6, seed: 2);
        var arm64Components = TestReleases.Components(6, seed: 3);
        var index = TestImages.Index([
            TestReleases.Release("4.16.3", amd64Components, seed: 2, "amd64"),
            TestReleases.Release("4.16.3", arm64Components, seed: 3, "arm64"),
        ]);
        await _client.PushIndexAsync(ReleaseRepository, "4.16.3-multi", index);
        foreach (var (_, image) in amd64Components.Concat(arm64Components.Skip(1))) await _client.PushImageAsync(ComponentRepository, image.Digest, image);

        var reference = $"{TestReleases.ReleaseSource}:4.16.3-multi";
        var incomplete = await CheckAsync(reference);
        Assert.Equal(1, incomplete.ExitCode);
        Assert.Contains("linux/amd64: version 4.16.3: 6 components, 6 present, 0 missing", incomplete.StandardOutput);
        Assert.Contains("linux/arm64: version 4.16.3: 6 components, 5 present, 1 missing", incomplete.StandardOutput);
        Assert.Single(Lines(incomplete.StandardOutput), l => l.StartsWith($"missing: {arm64Components[0].Name} "));
        var api = await ApiAsync(reference);
        Assert.Equal(["linux/amd64", "linux/arm64"], api.GetProperty("payloads").EnumerateArray().Select(p => p.GetProperty("platform").GetString()));

        await _client.PushImageAsync(ComponentRepository, arm64Components[0].Image.Digest, arm64Components[0].Image);
        var complete = await CheckAsync(reference);
        Assert.True(complete.ExitCode == 0, complete.All);
    }

    [Fact]
    public async Task A_sparse_release_index_checks_the_mirrored_platforms_and_lists_the_others()
    {
        var amd64Components = TestReleases.Components(5, seed: 4);
        var amd64 = TestReleases.Release("4.17.0", amd64Components, seed: 4, "amd64");
        var arm64 = TestReleases.Release("4.17.0", TestReleases.Components(5, seed: 5), seed: 5, "arm64");
        var index = TestImages.Index([amd64, arm64]);
        // What oc-mirror leaves with platform filtering: the index intact, one platform's payload and its components.
        await _client.PushImageAsync(ReleaseRepository, amd64.Digest, amd64);
        using (var put = await _client.PutManifestAsync(ReleaseRepository, "4.17.0-multi", index.Manifest)) Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        foreach (var (_, image) in amd64Components) await _client.PushImageAsync(ComponentRepository, image.Digest, image);

        var reference = $"{TestReleases.ReleaseSource}:4.17.0-multi";
        var result = await CheckAsync(reference);
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("linux/amd64: version 4.17.0: 5 components, 5 present, 0 missing", result.StandardOutput);
        Assert.Contains($"linux/arm64: not mirrored ({arm64.Digest}), not checked", result.StandardOutput);
        var api = await ApiAsync(reference);
        Assert.True(api.GetProperty("complete").GetBoolean());
        Assert.Equal("linux/arm64", Assert.Single(api.GetProperty("absent").EnumerateArray().ToList()).GetProperty("platform").GetString());

        // An index none of whose payloads is here is not a complete release.
        var nothing = TestImages.Index([TestReleases.Release("4.17.1", amd64Components, seed: 6, "amd64")]);
        using (var put = await _client.PutManifestAsync(ReleaseRepository, "4.17.1-multi", nothing.Manifest)) Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var empty = await CheckAsync($"{TestReleases.ReleaseSource}:4.17.1-multi");
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("no platform of this release is mirrored", empty.StandardOutput);
    }

    [Fact]
    public async Task What_is_not_a_release_or_not_there_is_refused_with_a_clear_error()
    {
        await _client.PushImageAsync(ReleaseRepository, "ordinary", TestImages.Image(2, 512, 4));
        await AssertRefusedAsync("ordinary", 2, "has no release-manifests/image-references in its layers, so it is not an OpenShift release image");

        var noLayers = ManifestOf(TestImages.EmptyConfig, []);
        await _client.PushBlobAsync(ReleaseRepository, TestImages.EmptyConfig);
        await PushManifestAsync("no-layers", noLayers);
        await AssertRefusedAsync("no-layers", 2, "has no layers, so it is not an OpenShift release image");

        var components = TestReleases.Components(3, seed: 5);
        var release = TestReleases.Release("4.16.3", components, seed: 5);
        var payload = release.Layers[1];
        var truncated = new TestBlob(payload.Content[..(payload.Content.Length / 2)], payload.MediaType);
        foreach (var blob in (TestBlob[])[release.Config, release.Layers[0], truncated]) await _client.PushBlobAsync(ReleaseRepository, blob);
        await PushManifestAsync("truncated", ManifestOf(release.Config, [release.Layers[0], truncated]));
        await AssertRefusedAsync("truncated", 2, $"layer {truncated.Digest} of {ReleaseRepository}@{ManifestOf(release.Config, [release.Layers[0], truncated]).Digest} is not a readable tar archive");

        await AssertRefusedAsync("4.99.0-x86_64", 2, $"{TestReleases.ReleaseSource}:4.99.0-x86_64 is not in repository {ReleaseRepository} of this registry");
        var unknownHost = await RegistryCli.RunAsync(_server.DataDirectory, "release", "check", "registry.other.example/ocp/release:4.16.3");
        Assert.Equal(2, unknownHost.ExitCode);
        Assert.Contains("no --source maps it", unknownHost.StandardError);
        var malformed = await RegistryCli.RunAsync(_server.DataDirectory, "release", "check", "ocp/release");
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("has neither :TAG nor @DIGEST", malformed.StandardError);
        var badSource = await RegistryCli.RunAsync(_server.DataDirectory, "release", "check", "ocp/release:1", "--source", "quay.io");
        Assert.Equal(2, badSource.ExitCode);
        Assert.Contains("'quay.io' is not SOURCE=MIRROR", badSource.StandardError);
        var misspelt = await RegistryCli.RunAsync(_server.DataDirectory, "release", "check", "ocp/release:1", "--sorce", "a=b");
        Assert.Equal(2, misspelt.ExitCode);
        Assert.Contains($"Did you mean one of the following?{Environment.NewLine}--source", misspelt.StandardError);

        // The components' source needs a --source; without one the check cannot know where to look.
        await _client.PushImageAsync(ReleaseRepository, "4.16.3-x86_64", release);
        var noComponentSource = await RegistryCli.RunAsync(_server.DataDirectory, "release", "check", $"{ReleaseRepository}:4.16.3-x86_64");
        Assert.Equal(2, noComponentSource.ExitCode);
        Assert.Contains($"3 component(s) of 4.16.3 come from {TestReleases.ComponentSource}, which no --source maps", noComponentSource.StandardError);

        // The release's own payload layer gone from the store is a finding about the mirror: exit 1.
        File.Delete(Path.Combine(_server.DataDirectory, "blobs", "sha256", payload.Digest[7..9], payload.Digest[7..]));
        await AssertRefusedAsync("4.16.3-x86_64", 1, $"layer {payload.Digest} of release {ReleaseRepository}@{release.Digest} is not in the store");

        using var badRequest = await _client.Http.GetAsync("/api/v1/releases/check?reference=ocp/release", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, badRequest.StatusCode);
        using var notRelease = await _client.Http.GetAsync($"/api/v1/releases/check?reference={ReleaseRepository}:ordinary", Cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notRelease.StatusCode);
        Assert.Contains("not an OpenShift release image", await notRelease.Content.ReadAsStringAsync(Cancel));
        using var unknown = await _client.Http.GetAsync($"/api/v1/releases/check?reference={ReleaseRepository}:4.99.0", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_api_answers_only_callers_who_may_pull_the_release_repository()
    {
        await using var server = await RegistryServer.StartAsync("--auth:enabled", "true", "--auth:initPassword", "admin-password", "--auth:bcryptCost", "11");
        await server.Services.GetRequiredService<UserService>().AddAsync("cluster", Role.Pull, "cluster-password", Cancel);
        using var client = server.CreateRegistryClient();
        client.Http.DefaultRequestHeaders.Authorization = Basic("init", "admin-password");
        var components = TestReleases.Components(2, seed: 6);
        var release = TestReleases.Release("4.16.3", components, seed: 6);
        await client.PushImageAsync(ReleaseRepository, "4.16.3-x86_64", release);
        foreach (var (_, image) in components) await client.PushImageAsync(ComponentRepository, image.Digest, image);
        var url = $"/api/v1/releases/check?reference={ReleaseRepository}:4.16.3-x86_64&source={Uri.EscapeDataString($"{TestReleases.ComponentSource}={Mirror}/{ComponentRepository}")}";

        client.Http.DefaultRequestHeaders.Authorization = null;
        using (var anonymous = await client.Http.GetAsync(url, Cancel))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Contains($"repository:{ReleaseRepository}:pull", anonymous.Headers.WwwAuthenticate.ToString());
        }
        client.Http.DefaultRequestHeaders.Authorization = Basic("cluster", "wrong-password");
        using (var wrong = await client.Http.GetAsync(url, Cancel)) Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        client.Http.DefaultRequestHeaders.Authorization = Basic("cluster", "cluster-password");
        using var allowed = await client.Http.GetAsync(url, Cancel);
        var body = await allowed.Content.ReadAsStringAsync(Cancel);
        Assert.True(allowed.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("\"complete\":true", body);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private async Task AssertRefusedAsync(string tag, int exitCode, string message)
    {
        var result = await CheckAsync($"{TestReleases.ReleaseSource}:{tag}");
        Assert.True(result.ExitCode == exitCode, $"exit code {result.ExitCode}, expected {exitCode}:\n{result.All}");
        Assert.Contains(message, result.StandardError);
    }

    private async Task<ProcessResult> CheckAsync(string reference)
    {
        var result = await RegistryCli.RunAsync(_server.DataDirectory, ["release", "check", reference, .. Sources]);
        TestContext.Current.TestOutputHelper?.WriteLine($"release check {reference}: exit {result.ExitCode}\n{result.All}");
        return result;
    }

    private async Task<JsonElement> ApiAsync(string reference)
    {
        var query = $"reference={Uri.EscapeDataString(reference)}"
            + string.Concat(Sources.Where((_, i) => i % 2 == 1).Select(s => $"&source={Uri.EscapeDataString(s)}"));
        using var response = await _client.Http.GetAsync($"/api/v1/releases/check?{query}", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task PushManifestAsync(string tag, TestBlob manifest)
    {
        using var response = await _client.PutManifestAsync(ReleaseRepository, tag, manifest);
        await RegistryHttpClient.EnsureStatusAsync(response, HttpStatusCode.Created, $"push {tag}");
    }

    private static TestBlob ManifestOf(TestBlob config, IEnumerable<TestBlob> layers) => new(JsonSerializer.SerializeToUtf8Bytes(new
    {
        schemaVersion = 2, mediaType = TestImages.OciManifest, config = config.Descriptor, layers = layers.Select(l => l.Descriptor).ToArray(),
    }), TestImages.OciManifest);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }
}
