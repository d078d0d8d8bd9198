using System.Text;
using System.Text.Json;
using Appliance.Core.Auth;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Registry.Tests;

/// <summary>
/// skopeo and podman against the registry as installed: HTTPS with the generated CA (trusted only
/// through --cert-dir) and token auth, connecting by host name and by IP address.
/// </summary>
public sealed class HttpsClientTests : RegistryTest
{
    private const string InitPassword = "init-password-for-clients";
    private readonly TestDirectory _work = new("appliance-https-clients");
    private readonly TestImage _image = TestImages.Image(2, 16 * 1024, 31);

    protected override string[] ServerArgs => TlsAndAuth(InitPassword);

    private string ByName => $"localhost:{Server.BaseAddress.Port}";
    private string ByIp => $"127.0.0.1:{Server.BaseAddress.Port}";
    private string CertDir => _work.Combine("certs");

    [Fact]
    public async Task Skopeo_pushes_by_name_and_reads_back_by_ip_with_creds()
    {
        var layout = WriteLayout();
        await SkopeoAsync("copy", "--dest-cert-dir", CertDir, "--dest-creds", $"init:{InitPassword}", $"oci:{layout}:v1", $"docker://{ByName}/secure/app:v1");
        var raw = await SkopeoAsync("inspect", "--raw", "--cert-dir", CertDir, "--creds", $"init:{InitPassword}", $"docker://{ByIp}/secure/app:v1");
        Assert.Equal(Encoding.UTF8.GetString(_image.Manifest.Content), raw.StandardOutput.Trim());
    }

    [Fact]
    public async Task Skopeo_uses_an_authfile()
    {
        await SkopeoAsync("copy", "--dest-cert-dir", CertDir, "--dest-creds", $"init:{InitPassword}", $"oci:{WriteLayout()}:v1", $"docker://{ByName}/app:v1");
        var authFile = _work.Combine("auth.json");
        await File.WriteAllTextAsync(authFile, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["auths"] = new Dictionary<string, object> { [ByName] = new { auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"init:{InitPassword}")) } },
        }), Cancel);
        var tags = await SkopeoAsync("list-tags", "--cert-dir", CertDir, "--authfile", authFile, $"docker://{ByName}/app");
        Assert.Contains("v1", tags.StandardOutput);
    }

    [Fact]
    public async Task Without_the_ca_the_connection_does_not_verify()
    {
        var result = await ProcessRunner.RunAsync("skopeo", ["inspect", "--creds", $"init:{InitPassword}", $"docker://{ByName}/app:v1"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("x509", result.StandardError);
    }

    [Fact]
    public async Task Wrong_password_and_pull_only_pushes_are_refused()
    {
        var wrong = await ProcessRunner.RunAsync("skopeo",
            ["copy", "--dest-cert-dir", CertDir, "--dest-creds", "init:wrong-password", $"oci:{WriteLayout()}:v1", $"docker://{ByName}/app:v1"]);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("unauthorized", wrong.StandardError, StringComparison.OrdinalIgnoreCase);

        await Server.Services.GetRequiredService<UserService>().AddAsync("cluster", Role.Pull, "cluster-password", Cancel);
        await SkopeoAsync("copy", "--dest-cert-dir", CertDir, "--dest-creds", $"init:{InitPassword}", $"oci:{WriteLayout()}:v1", $"docker://{ByName}/app:v1");
        var pull = await SkopeoAsync("inspect", "--raw", "--cert-dir", CertDir, "--creds", "cluster:cluster-password", $"docker://{ByName}/app:v1");
        Assert.Contains(_image.Config.Digest, pull.StandardOutput);
        var push = await ProcessRunner.RunAsync("skopeo",
            ["copy", "--dest-cert-dir", CertDir, "--dest-creds", "cluster:cluster-password", $"oci:{WriteLayout()}:v1", $"docker://{ByName}/app:v2"]);
        Assert.NotEqual(0, push.ExitCode);
        Assert.Matches("(?i)denied|unauthorized", push.StandardError);
    }

    [Fact]
    public async Task Podman_logs_in_pushes_and_pulls_by_ip()
    {
        // podman refuses a runroot longer than 50 characters, so its storage gets a short directory of its own.
        using var podman = new TestDirectory("pd");
        var storage = new[] { "--root", podman.Combine("root"), "--runroot", podman.Combine("run"), "--storage-driver", "vfs" };
        var authFile = _work.Combine("podman-auth.json");
        await PodmanAsync(storage, "pull", $"oci:{WriteLayout()}:v1");
        await PodmanAsync(storage, "login", "--cert-dir", CertDir, "--authfile", authFile, "-u", "init", "-p", InitPassword, ByName);
        await PodmanAsync(storage, "login", "--cert-dir", CertDir, "--authfile", authFile, "-u", "init", "-p", InitPassword, ByIp);
        var id = (await PodmanAsync(storage, "images", "-q")).StandardOutput.Trim().Split('\n')[0];
        await PodmanAsync(storage, "push", "--cert-dir", CertDir, "--authfile", authFile, id, $"{ByName}/podman/app:v1");
        await PodmanAsync(storage, "rmi", "-a", "-f");
        await PodmanAsync(storage, "pull", "--cert-dir", CertDir, "--authfile", authFile, $"{ByIp}/podman/app:v1");
        var images = await PodmanAsync(storage, "images", "--format", "{{.Repository}}:{{.Tag}}");
        Assert.Contains($"{ByIp}/podman/app:v1", images.StandardOutput);
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(CertDir);
        File.Copy(Server.CaCertificatePath, Path.Combine(CertDir, "ca.crt"));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _work.Dispose();
    }

    private string WriteLayout()
    {
        var layout = _work.Combine($"layout-{Guid.NewGuid():N}");
        OciLayout.Write(layout, "v1", _image);
        return layout;
    }

    private static async Task<ProcessResult> SkopeoAsync(params string[] arguments) =>
        (await ProcessRunner.RunAsync("skopeo", arguments)).EnsureSuccess($"skopeo {arguments[0]}");

    private static async Task<ProcessResult> PodmanAsync(string[] storage, params string[] arguments) =>
        (await ProcessRunner.RunAsync("podman", [.. storage, .. arguments])).EnsureSuccess($"podman {arguments[0]}");
}
