using System.Formats.Tar;
using System.Text;
using Appliance.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using Appliance.Testing;

namespace Appliance.Clients.Tests;

/// <summary>
/// Debian's containerd (ctr 1.6, on a daemon of the test's own) against the registry as installed: HTTPS with the CA
/// named in a hosts.toml (--hosts-dir), token auth. With credentials, containerd asks for its tokens with the OAuth2
/// password grant (POST) and falls back to GET only when that fails, so the registry's side of the exchange is checked.
/// </summary>
public sealed class ContainerdTests : ClientTest
{
    private readonly TestImage _image = TestImages.Image(2, 16 * 1024, 82);

    protected override string[] ServerArgs => TlsAndTokenAuth;

    private string ByIp => $"127.0.0.1:{Server.BaseAddress.Port}";

    [Fact]
    public async Task Pushes_and_pulls_by_host_name_and_by_ip_with_tokens_from_the_password_grant()
    {
        SkipUnlessRoot("containerd");
        await using var containerd = await ContainerdDaemon.StartAsync();
        var hosts = HostsDirectory(trustCa: true);
        using var requests = new RequestLog(Server);

        await CtrAsync(containerd, "images", "import", "--no-unpack", "--base-name", $"{Host}/containerd/app", Archive());
        await CtrAsync(containerd, "images", "push", "--user", $"init:{InitPassword}", "--hosts-dir", hosts, $"{Host}/containerd/app:v1");
        await CtrAsync(containerd, "images", "tag", $"{Host}/containerd/app:v1", $"{ByIp}/containerd/app:v2");
        await CtrAsync(containerd, "images", "push", "--user", $"init:{InitPassword}", "--hosts-dir", hosts, $"{ByIp}/containerd/app:v2");
        await CtrAsync(containerd, "images", "rm", "--sync", $"{Host}/containerd/app:v1", $"{ByIp}/containerd/app:v2");
        Assert.Empty((await CtrAsync(containerd, "content", "ls", "--quiet")).StandardOutput.Trim());

        // Pulls unpack with the native snapshotter, which checks every layer against the config's diff_ids.
        foreach (var reference in new[] { $"{ByIp}/containerd/app:v1", $"{Host}/containerd/app:v2" })
        {
            await CtrAsync(containerd, "images", "pull", "--snapshotter", "native", "--user", $"init:{InitPassword}", "--hosts-dir", hosts, reference);
            var listed = await CtrAsync(containerd, "images", "ls", $"name=={reference}");
            Assert.Contains(_image.Digest, listed.StandardOutput);
        }

        var served = requests.Requests;
        Assert.Contains(new ServedRequest("POST", "/v2/auth", 200), served);
        Assert.DoesNotContain(served, r => r is { Method: "GET", Path: "/v2/auth" });
        Assert.Contains(new ServedRequest("PUT", "/v2/containerd/app/manifests/v1", 201), served);
        Assert.Contains(new ServedRequest("PUT", "/v2/containerd/app/manifests/v2", 201), served);
        foreach (var blob in _image.Blobs) Assert.Contains(new ServedRequest("GET", $"/v2/containerd/app/blobs/{blob.Digest}", 200), served);
    }

    [Fact]
    public async Task A_robot_pulls_its_namespace_and_is_refused_elsewhere()
    {
        SkipUnlessRoot("containerd");
        Registry.Http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"init:{InitPassword}")));
        await Registry.PushImageAsync("mirror/app", "v1", _image);
        await Registry.PushImageAsync("other/app", "v1", _image);
        var (robot, secret) = await Server.Services.GetRequiredService<RobotService>().AddAsync("mirror", "nodes", "", null, null, Cancel);
        await Server.Services.GetRequiredService<GrantService>().SetAsync(new Grant(PrincipalKind.Robot, robot.Name, "mirror", NamespacePermission.Pull), Cancel);
        await using var containerd = await ContainerdDaemon.StartAsync();
        var hosts = HostsDirectory(trustCa: true);

        await CtrAsync(containerd, "images", "pull", "--snapshotter", "native", "--user", $"{robot.Name}:{secret}", "--hosts-dir", hosts, $"{Host}/mirror/app:v1");
        var refused = await containerd.CtrAsync("images", "pull", "--snapshotter", "native", "--user", $"{robot.Name}:{secret}", "--hosts-dir", hosts,
            $"{Host}/other/app:v1");
        Assert.NotEqual(0, refused.ExitCode);
    }

    [Fact]
    public async Task Pulls_are_refused_without_the_ca_and_with_a_wrong_password()
    {
        SkipUnlessRoot("containerd");
        await using var containerd = await ContainerdDaemon.StartAsync();
        using var requests = new RequestLog(Server);

        var untrusted = await containerd.CtrAsync("images", "pull", "--snapshotter", "native", "--user", $"init:{InitPassword}",
            "--hosts-dir", HostsDirectory(trustCa: false), $"{Host}/containerd/app:v1");
        Assert.NotEqual(0, untrusted.ExitCode);
        Assert.Contains("x509: certificate signed by unknown authority", untrusted.StandardError);

        var wrong = await containerd.CtrAsync("images", "pull", "--snapshotter", "native", "--user", "init:wrong-password",
            "--hosts-dir", HostsDirectory(trustCa: true), $"{Host}/containerd/app:v1");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("401 Unauthorized", wrong.StandardError);
        Assert.Contains(new ServedRequest("POST", "/v2/auth", 401), requests.Requests);
    }

    /// <summary>A --hosts-dir as a user writes it: HOST:PORT/hosts.toml for the name and the IP, naming the CA copied beside it.</summary>
    private string HostsDirectory(bool trustCa)
    {
        var directory = Work.Combine($"hosts-{Guid.NewGuid():N}");
        foreach (var registry in new[] { Host, ByIp })
        {
            var host = Path.Combine(directory, registry);
            Directory.CreateDirectory(host);
            var ca = Path.Combine(host, "ca.crt");
            File.Copy(Server.CaCertificatePath, ca);
            File.WriteAllText(Path.Combine(host, "hosts.toml"), $"""
                server = "https://{registry}"

                [host."https://{registry}"]
                  capabilities = ["pull", "resolve", "push"]
                {(trustCa ? $"  ca = \"{ca}\"" : "")}
                """);
        }
        return directory;
    }

    /// <summary>The test image as an OCI archive (a tarred OCI layout), which ctr imports.</summary>
    private string Archive()
    {
        var archive = Work.Combine("image.tar");
        TarFile.CreateFromDirectory(Layout(_image), archive, includeBaseDirectory: false);
        return archive;
    }

    /// <summary>ctr, failing with its own message; the command line is left out because it holds the password.</summary>
    private static async Task<ProcessResult> CtrAsync(ContainerdDaemon containerd, params string[] arguments) =>
        (await containerd.CtrAsync(arguments)).EnsureSuccess($"ctr {arguments[0]} {arguments[1]}");
}
