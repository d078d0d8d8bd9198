using System.Net;
using System.Net.Http.Json;
using System.Text;
using Appliance.Core.Auth;
using Appliance.Core.ClusterConfig;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Registry.Tests;

/// <summary>
/// The generated registries.conf drop-in and ca.crt, used as is by podman: pulls of quay.io and registry.redhat.io
/// names (unreachable from here) are served by this registry over HTTPS with token auth. The files come from the
/// console API, which infers the sources from what oc-mirror laid out under the prefix.
/// </summary>
public sealed class ClusterConfigPodmanTests : RegistryTest
{
    private const string InitPassword = "init-password-for-cluster-config";
    private readonly TestDirectory _work = new("appliance-cluster-config");
    private readonly TestImage _component = TestImages.Image(1, 8 * 1024, 41);
    private readonly TestImage _release = TestImages.Image(1, 8 * 1024, 42);
    private readonly TestImage _catalog = TestImages.Image(1, 8 * 1024, 43);

    protected override string[] ServerArgs => TlsAndAuth(InitPassword);

    private string Mirror => $"localhost:{Server.BaseAddress.Port}";

    [Fact]
    public async Task Podman_pulls_source_names_by_digest_and_tag_from_the_mirror()
    {
        var files = await ClusterConfigAsync("prefix=ocp4");
        Assert.Contains("itms.yaml", files.Keys);
        using var podman = new PodmanWithMirrors(_work, files, Mirror, InitPassword);
        using var served = new RequestLog(Server);

        var byDigest = $"quay.io/openshift-release-dev/ocp-v4.0-art-dev@{_component.Manifest.Digest}";
        await podman.PullAsync(byDigest);
        Assert.Equal(_component.Manifest.Digest, await podman.DigestOfAsync(byDigest));
        // The registry saw the pull under the mirror's path: quay.io is unreachable from here, so nothing else answered.
        Assert.Contains(served.Requests, r => r.Method is "GET" or "HEAD" && r.StatusCode == 200
            && r.Path == $"/v2/ocp4/openshift-release-dev/ocp-v4.0-art-dev/manifests/{_component.Manifest.Digest}");

        var byTag = "quay.io/openshift-release-dev/ocp-release:4.99.0-x86_64";
        await podman.PullAsync(byTag);
        Assert.Equal(_release.Manifest.Digest, await podman.DigestOfAsync(byTag));

        var catalog = "registry.redhat.io/redhat/redhat-operator-index:v4.99";
        await podman.PullAsync(catalog);
        Assert.Equal(_catalog.Manifest.Digest, await podman.DigestOfAsync(catalog));
    }

    [Fact]
    public async Task Without_the_drop_in_the_same_pulls_fail()
    {
        var files = await ClusterConfigAsync("prefix=ocp4");
        files.Remove(RegistriesConf.FileName);
        using var podman = new PodmanWithMirrors(_work, files, Mirror, InitPassword);
        var result = await podman.TryPullAsync($"quay.io/openshift-release-dev/ocp-v4.0-art-dev@{_component.Manifest.Digest}");
        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain(Mirror, result.StandardError);
    }

    [Fact]
    public async Task A_digest_only_mirror_does_not_answer_pulls_by_tag()
    {
        // The component repository holds no tags, so its mirror is digest-only: a tag pushed later is not used.
        var files = await ClusterConfigAsync("prefix=ocp4");
        await AdminClient().PushImageAsync("ocp4/openshift-release-dev/ocp-v4.0-art-dev", "late-tag", _component);
        using var podman = new PodmanWithMirrors(_work, files, Mirror, InitPassword);
        var result = await podman.TryPullAsync("quay.io/openshift-release-dev/ocp-v4.0-art-dev:late-tag");
        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain(Mirror, result.StandardError);
        Assert.Contains("quay.io", result.StandardError);
    }

    [Fact]
    public async Task The_api_is_for_admins_and_reports_bad_input()
    {
        await Server.Services.GetRequiredService<UserService>().AddAsync("cluster", Role.Pull, "cluster-password", Cancel);
        using var http = Server.CreateClient();
        using (var anonymous = await http.GetAsync("/api/v1/cluster-config?prefix=ocp4", Cancel)) Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        http.DefaultRequestHeaders.Authorization = Basic("cluster", "cluster-password");
        using (var puller = await http.GetAsync("/api/v1/cluster-config?prefix=ocp4", Cancel)) Assert.Equal(HttpStatusCode.Forbidden, puller.StatusCode);
        http.DefaultRequestHeaders.Authorization = Basic("init", InitPassword);
        using var bad = await http.GetAsync("/api/v1/cluster-config?source=quay.io/x&mirrorSourcePolicy=Never", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        using var admin = AdminClient();
        await admin.PushImageAsync("ocp4/openshift-release-dev/ocp-v4.0-art-dev", _component.Manifest.Digest, _component);
        await admin.PushImageAsync("ocp4/openshift/release-images", "4.99.0-x86_64", _release);
        await admin.PushImageAsync("ocp4/redhat/redhat-operator-index", "v4.99", _catalog);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _work.Dispose();
    }

    private async Task<Dictionary<string, string>> ClusterConfigAsync(string query)
    {
        using var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = Basic("init", InitPassword);
        return (await http.GetFromJsonAsync<Dictionary<string, string>>($"/api/v1/cluster-config?{query}&registry={Mirror}", Cancel))!;
    }

    private RegistryHttpClient AdminClient()
    {
        var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = Basic("init", InitPassword);
        return new RegistryHttpClient(http);
    }

    private static System.Net.Http.Headers.AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
