using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using Appliance.Testing;

namespace Appliance.Clients.Tests;

/// <summary>
/// Debian's docker (CLI and dockerd 20.10, on a daemon of the test's own) against the registry as installed: HTTPS with
/// the generated CA trusted through /etc/docker/certs.d, token auth, login with the password on stdin.
/// </summary>
public sealed partial class DockerTests : ClientTest
{
    private readonly int _port = ServerProcess.FreePort();
    private readonly TestImage _image = TestImages.Image(2, 16 * 1024, 81);

    /// <summary>Both loopback addresses on one port: ::1 for the verified connection by name, 127.0.0.1 for the one by IP.</summary>
    protected override string[] ServerArgs => [.. TlsAndTokenAuth, "--listen", $"[::1]:{_port},127.0.0.1:{_port}"];

    /// <summary><c>localhost</c>, which resolves to ::1 only for the test's dockerd: TLS is verified against the CA in certs.d.</summary>
    private string ByName => $"localhost:{_port}";

    /// <summary>
    /// 127.0.0.1: docker 20.10's references have no IPv6 literals, and dockerd skips verification for 127.0.0.0/8
    /// (insecure by default), so this proves login, push and pull by IP over HTTPS, and the name test proves the CA.
    /// </summary>
    private string ByIp => $"127.0.0.1:{_port}";

    [Fact]
    public async Task Logs_in_pushes_and_pulls_by_host_name_and_by_ip()
    {
        SkipUnlessRoot("dockerd");
        using var trustByName = new DockerCertificateTrust(ByName, Server.CaCertificatePath);
        using var trustByIp = new DockerCertificateTrust(ByIp, Server.CaCertificatePath);
        await using var docker = await DockerDaemon.StartAsync();
        using var requests = new RequestLog(Server);
        await LoginAsync(docker, ByName, InitPassword);
        await LoginAsync(docker, ByIp, InitPassword);

        var id = await LoadAsync(docker, $"{ByName}/docker/app:v1");
        Assert.Equal(_image.Config.Digest, id);
        var byName = PushedDigest(await DockerAsync(docker, "push", $"{ByName}/docker/app:v1"));
        await DockerAsync(docker, "tag", id, $"{ByIp}/docker/app:v2");
        var byIp = PushedDigest(await DockerAsync(docker, "push", $"{ByIp}/docker/app:v2"));
        Assert.Equal(byName, byIp);
        await DockerAsync(docker, "rmi", "--force", id);
        Assert.Empty((await DockerAsync(docker, "images", "--quiet")).StandardOutput.Trim());

        Assert.Contains($"Digest: {byName}", (await DockerAsync(docker, "pull", $"{ByIp}/docker/app:v1")).StandardOutput);
        Assert.Contains($"Digest: {byName}", (await DockerAsync(docker, "pull", $"{ByName}/docker/app:v2")).StandardOutput);
        var ids = await DockerAsync(docker, "image", "inspect", "--format", "{{.Id}}", $"{ByIp}/docker/app:v1", $"{ByName}/docker/app:v2");
        Assert.Equal([id, id], ids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var served = requests.Requests;
        Assert.Contains(new ServedRequest("GET", "/v2/auth", 200), served);
        Assert.Contains(new ServedRequest("PUT", "/v2/docker/app/manifests/v1", 201), served);
        Assert.Contains(new ServedRequest("PUT", "/v2/docker/app/manifests/v2", 201), served);
        Assert.Contains(served, r => r is { Method: "GET", StatusCode: 200 } && r.Path.StartsWith("/v2/docker/app/blobs/sha256:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_is_refused_without_the_ca_and_with_a_wrong_password()
    {
        SkipUnlessRoot("dockerd");
        await using var docker = await DockerDaemon.StartAsync();

        var untrusted = await LoginAsync(docker, ByName, InitPassword, ensureSuccess: false);
        Assert.NotEqual(0, untrusted.ExitCode);
        Assert.Contains("x509: certificate signed by unknown authority", untrusted.StandardError);

        using var trust = new DockerCertificateTrust(ByName, Server.CaCertificatePath);
        var wrong = await LoginAsync(docker, ByName, "wrong-password", ensureSuccess: false);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("unauthorized", wrong.StandardError);
    }

    [Fact]
    public async Task A_robots_pull_secret_as_dockers_config_pulls_its_namespace_only()
    {
        SkipUnlessRoot("dockerd");
        using var trust = new DockerCertificateTrust(ByName, Server.CaCertificatePath);
        Registry.Http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"init:{InitPassword}")));
        await Registry.PushImageAsync("mirror/app", "v1", _image);
        await Registry.PushImageAsync("other/app", "v1", _image);
        var (robot, secret) = await Server.Services.GetRequiredService<RobotService>().AddAsync("mirror", "cluster", "", null, null, Cancel);
        await Server.Services.GetRequiredService<GrantService>().SetAsync(new Grant(PrincipalKind.Robot, robot.Name, "mirror", NamespacePermission.Pull), Cancel);

        await using var docker = await DockerDaemon.StartAsync();
        // The pull secret a cluster holds is a docker config: {"auths": {host: {auth}}}.
        Directory.CreateDirectory(Path.GetDirectoryName(docker.CliConfigFile)!);
        await File.WriteAllTextAsync(docker.CliConfigFile, JsonSerializer.Serialize(PullSecret.For(ByName, robot.Name, secret)), Cancel);
        Assert.Contains("Digest:", (await DockerAsync(docker, "pull", $"{ByName}/mirror/app:v1")).StandardOutput);
        var refused = await docker.DockerAsync(["pull", $"{ByName}/other/app:v1"]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("denied", refused.StandardError);
    }

    private async Task<ProcessResult> LoginAsync(DockerDaemon docker, string registry, string password, bool ensureSuccess = true)
    {
        var result = await docker.DockerAsync(["login", "--username", "init", "--password-stdin", registry], standardInput: password);
        return ensureSuccess ? result.EnsureSuccess($"docker login {registry}") : result;
    }

    /// <summary>dockerd 20.10 cannot load an OCI layout, so skopeo writes it as a docker-archive first; returns the image ID.</summary>
    private async Task<string> LoadAsync(DockerDaemon docker, string reference)
    {
        var archive = Work.Combine("image.tar");
        await SkopeoAsync("copy", $"oci:{Layout(_image)}:v1", $"docker-archive:{archive}:{reference}");
        await DockerAsync(docker, "load", "--input", archive);
        return (await DockerAsync(docker, "image", "inspect", "--format", "{{.Id}}", reference)).StandardOutput.Trim();
    }

    private static string PushedDigest(ProcessResult push) =>
        PushedDigestLine().Match(push.StandardOutput) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"no digest in:\n{push.StandardOutput}");

    [GeneratedRegex(@"digest: (sha256:[0-9a-f]{64}) size:")]
    private static partial Regex PushedDigestLine();

    private static async Task<ProcessResult> DockerAsync(DockerDaemon docker, params string[] arguments) =>
        (await docker.DockerAsync(arguments)).EnsureSuccess($"docker {string.Join(' ', arguments)}");
}
