using System.Net;
using Appliance.Certs;
using Appliance.Registry.Hosting;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

/// <summary>The <c>certs</c> commands, run as the real executable against a data directory.</summary>
public sealed class CertsCommandTests : IDisposable
{
    private readonly TestDirectory _data = new("appliance-certs");
    private CertificateFiles Files => new(Path.Combine(_data.Path, "tls"));

    [Fact]
    public async Task Show_prints_names_addresses_and_expiry()
    {
        var output = (await RunAsync("certs", "show")).StandardOutput;
        Assert.Contains("localhost", output);
        Assert.Contains("127.0.0.1", output);
        Assert.Contains("days left", output);
    }

    [Fact]
    public async Task Renew_issues_a_new_serial_from_the_same_ca_with_the_same_names()
    {
        await RunAsync("certs", "show");
        var before = CertificateInfo.FromCertificate(Files.LoadServerCertificate());
        await RunAsync("certs", "renew");
        var after = CertificateInfo.FromCertificate(Files.LoadServerCertificate());
        Assert.NotEqual(before.SerialNumber, after.SerialNumber);
        Assert.Equal(before.DnsNames, after.DnsNames);
        Assert.Equal(before.Issuer, after.Issuer);
    }

    [Fact]
    public async Task Replace_refuses_an_invalid_certificate_and_changes_nothing()
    {
        await RunAsync("certs", "show");
        var original = await File.ReadAllTextAsync(Files.ServerCertificatePath, TestContext.Current.CancellationToken);
        var bogus = _data.Combine("bogus.crt");
        await File.WriteAllTextAsync(bogus, "not pem", TestContext.Current.CancellationToken);
        var result = await ProcessRunner.RunAsync("dotnet", [RegistryDll, "certs", "replace", "--sslCert", bogus, "--sslKey", Files.ServerKeyPath, "--data", _data.Path]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nothing was changed", result.StandardError);
        Assert.Equal(original, await File.ReadAllTextAsync(Files.ServerCertificatePath, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Replace_installs_a_valid_certificate_and_the_server_serves_it()
    {
        await RunAsync("certs", "show");
        using var authority = Files.LoadCertificateAuthority();
        using var issued = authority.IssueServerCertificate(new ServerCertificateRequest(["localhost"], [IPAddress.Loopback]));
        var staged = new CertificateFiles(_data.Combine("staged"));
        staged.WriteServerCertificate(issued, authority.Certificate);

        await RunAsync("certs", "replace", "--sslCert", staged.ServerCertificatePath, "--sslKey", staged.ServerKeyPath, "--name", "localhost");
        Assert.Equal(issued.SerialNumber, Files.LoadServerCertificate().SerialNumber);
        Assert.Equal(PemFiles.PrivateMode, File.GetUnixFileMode(Files.ServerKeyPath));

        await using var server = await RegistryServer.StartOnAsync(_data.Path, "--tls:enabled", "true");
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/v2/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string RegistryDll => typeof(RegistryHost).Assembly.Location;

    private async Task<ProcessResult> RunAsync(params string[] arguments) =>
        (await ProcessRunner.RunAsync("dotnet", [RegistryDll, .. arguments, "--data", _data.Path])).EnsureSuccess(string.Join(' ', arguments));

    public void Dispose() => _data.Dispose();
}
