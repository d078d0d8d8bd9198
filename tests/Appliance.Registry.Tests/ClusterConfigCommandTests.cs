using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Appliance.Registry.Hosting;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

/// <summary><c>cluster-config</c> and <c>users pull-secret --merge</c>, run as the real executable on a data directory.</summary>
public sealed class ClusterConfigCommandTests : IAsyncLifetime
{
    private readonly TestDirectory _data = new("appliance-cc-data");
    private readonly TestDirectory _work = new("appliance-cc-work");

    // Odd whitespace and order, unicode escapes, an escaped key, a BOM-less CRLF file, and the entry to replace in the middle.
    private const string PullSecret =
        "{ \"other\" : [1, 2.50, \"\\u00e9\"],\r\n  \"auths\":{\r\n\t\"cloud.openshift.com\" : {\"auth\":\"b3BlbnNoaWZ0\",\"email\":\"a\\u0040b.c\"},"
        + "\"mirror.example.com:8443\":{ \"auth\" : \"old\" }  ,\r\n \"registry.redhat.io\":{\"auth\":\"cmg=\"} ,\"quay\\u002eio\": {\"auth\":\"\\u0071\"}\r\n}\r\n}\r\n";

    [Fact]
    public async Task Prints_the_mapping_and_writes_every_file()
    {
        var output = _work.Combine("out");
        var result = await RunAsync("cluster-config", "--prefix", "ocp4", "--source", "quay.io/myorg", "--registry", "mirror.example.com:8443",
            "--out", output, "--legacy", "--mirror-source-policy", "AllowContactingSource");
        Assert.Contains("quay.io/openshift-release-dev/ocp-release -> mirror.example.com:8443/ocp4/openshift/release-images  (digests and tags)", result.StandardOutput);
        Assert.Contains("quay.io/myorg -> mirror.example.com:8443/ocp4/myorg", result.StandardOutput);
        Assert.Matches(@"repositories no source covers:\s+elsewhere/app", result.StandardOutput);
        foreach (var name in new[] { "install-config-snippet.yaml", "idms.yaml", "itms.yaml", "icsp.yaml", "image-config-ca.yaml",
                     "registries.conf.d/50-appliance-mirror.conf", "ca.crt", "README.txt" })
        {
            Assert.True(File.Exists(Path.Combine(output, name)), $"{name} was not written");
        }
        Assert.Contains("mirrorSourcePolicy: AllowContactingSource", File.ReadAllText(Path.Combine(output, "idms.yaml")));
        Assert.Equal(File.ReadAllText(Path.Combine(_data.Path, "tls", "ca.crt")).ReplaceLineEndings("\n").TrimEnd() + "\n",
            File.ReadAllText(Path.Combine(output, "ca.crt")));
    }

    [Fact]
    public async Task Without_registry_the_host_is_the_certificates_first_name_and_the_listen_port()
    {
        var result = await RunAsync("cluster-config", "--source", "quay.io/a=x/a", "--listen", "0.0.0.0:5443");
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_data.Path, "tls", "ssl.crt"));
        var firstName = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().First();
        Assert.Contains($"quay.io/a -> x/a", result.StandardOutput);
        var output = _work.Combine("default-host");
        await RunAsync("cluster-config", "--source", "quay.io/a=x/a", "--listen", "0.0.0.0:5443", "--out", output);
        Assert.Contains($"{firstName}..5443:", File.ReadAllText(Path.Combine(output, "image-config-ca.yaml")));
    }

    [Fact]
    public async Task Bad_input_fails_with_a_clear_message()
    {
        var named = await ProcessRunner.RunAsync("dotnet", [RegistryDll, "cluster-config", "--source", "quay.io/myorg", "--data", _data.Path]);
        Assert.Equal(1, named.ExitCode);
        Assert.Contains("has no mirror", named.StandardError);
        var policy = await ProcessRunner.RunAsync("dotnet", [RegistryDll, "cluster-config", "--prefix", "ocp4", "--mirror-source-policy", "Never", "--data", _data.Path]);
        Assert.Equal(1, policy.ExitCode);
        Assert.Contains("NeverContactSource or AllowContactingSource", policy.StandardError);
        var misspelt = await ProcessRunner.RunAsync("dotnet", [RegistryDll, "cluster-config", "--prefx", "ocp4", "--data", _data.Path]);
        Assert.Equal(2, misspelt.ExitCode);
        Assert.Contains("--prefix", misspelt.StandardError);
    }

    [Fact]
    public async Task Pull_secret_merge_replaces_only_this_registrys_entry()
    {
        var file = _work.Combine("pull-secret.json");
        File.WriteAllText(file, PullSecret);
        await RunAsync(["users", "add", "cluster", "--role", "pull", "--password-stdin"], "cluster-password");
        var merged = await RunAsync(["users", "pull-secret", "cluster", "--registry", "mirror.example.com:8443", "--password-stdin", "--merge", file],
            "cluster-password");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("cluster:cluster-password"));
        Assert.Equal(PullSecret.Replace("\"mirror.example.com:8443\":{ \"auth\" : \"old\" }", $"\"mirror.example.com:8443\":{{\"auth\":\"{auth}\"}}"),
            merged.StandardOutput);

        var added = _work.Combine("added.json");
        await RunAsync(["users", "pull-secret", "cluster", "--registry", "new.example:5000", "--password-stdin", "--merge", file, "--out", added],
            "cluster-password");
        Assert.Equal(PullSecret.Replace("{\"auth\":\"\\u0071\"}\r\n}", $"{{\"auth\":\"\\u0071\"}},\"new.example:5000\":{{\"auth\":\"{auth}\"}}\r\n}}"),
            File.ReadAllText(added));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(added));
        using var json = JsonDocument.Parse(File.ReadAllText(added));
        Assert.Equal(5, json.RootElement.GetProperty("auths").EnumerateObject().Count());
    }

    [Fact]
    public async Task Pull_secret_merge_adds_auths_and_refuses_broken_json_before_changing_the_password()
    {
        var file = _work.Combine("no-auths.json");
        File.WriteAllText(file, "{\"a\":1}");
        await RunAsync(["users", "add", "cluster", "--role", "pull", "--password-stdin"], "cluster-password");
        var merged = await RunAsync(["users", "pull-secret", "cluster", "--registry", "m:1", "--password-stdin", "--merge", file], "cluster-password");
        Assert.StartsWith("{\"a\":1,\"auths\":{\"m:1\":{\"auth\":", merged.StandardOutput);

        File.WriteAllText(file, "{\"auths\":{\"x\":");
        var broken = await ProcessRunner.RunAsync("dotnet", [RegistryDll, "users", "pull-secret", "cluster", "--registry", "m:1", "--merge", file, "--data", _data.Path]);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("not valid JSON", broken.StandardError);
        Assert.DoesNotContain("new password", broken.StandardError);
    }

    public async ValueTask InitializeAsync()
    {
        // A first start with TLS creates the CA and certificate; content as oc-mirror lays it out, plus a repository elsewhere.
        await using var server = await RegistryServer.StartOnAsync(_data.Path, "--tls:enabled", "true");
        using var registry = server.CreateRegistryClient();
        var image = TestImages.Image(1, 1024, 51);
        await registry.PushImageAsync("ocp4/openshift/release-images", "4.99.0-x86_64", image);
        await registry.PushImageAsync("ocp4/openshift/release", image.Manifest.Digest, image);
        await registry.PushImageAsync("ocp4/myorg/tool", image.Manifest.Digest, image);
        await registry.PushImageAsync("elsewhere/app", "v1", image);
    }

    private static string RegistryDll => typeof(RegistryHost).Assembly.Location;

    private Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    private async Task<ProcessResult> RunAsync(string[] arguments, string? standardInput)
    {
        string[] backend = await TestBackend.ServerArgumentsAsync(_data.Path, TestContext.Current.CancellationToken);
        return (await ProcessRunner.RunAsync("dotnet", [RegistryDll, .. arguments, "--data", _data.Path, .. backend], standardInput: standardInput))
            .EnsureSuccess(string.Join(' ', arguments));
    }

    public ValueTask DisposeAsync()
    {
        _data.Dispose();
        _work.Dispose();
        return ValueTask.CompletedTask;
    }
}
