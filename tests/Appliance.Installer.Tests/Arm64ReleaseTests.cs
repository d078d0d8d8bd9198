using System.Diagnostics;
using Appliance.Installer.Installation;

namespace Appliance.Installer.Tests;

/// <summary>
/// The arm64 release for real, on this x86_64 machine under qemu-user: its server starts on a fresh data directory,
/// generates its CA, answers /health/ready over TLS and takes a push from skopeo (running natively) over loopback.
/// </summary>
public sealed class Arm64ReleaseTests(Release release)
{
    [Fact]
    public async Task ServerRunsUnderEmulationGeneratesItsCaAndAcceptsAPush()
    {
        if (Emulator.Unavailable() is { } reason) Assert.Skip(reason);
        foreach (var file in new[] { "appliance-registry", "mirror-registry", "libe_sqlite3.so" })
        {
            Assert.Equal("aarch64", ElfMachine.Of(Path.Combine(release.Arm64Directory, file)));
        }
        var installerVersion = await Run.ProgramAsync(Emulator.Qemu, [Path.Combine(release.Arm64Directory, "mirror-registry"), "--version"]);
        Assert.Equal(release.Version, installerVersion.EnsureSuccess("arm64 mirror-registry --version").StandardOutput.Trim());

        using var data = new TestDirectory("arm64-registry-data");
        var port = ServerProcess.FreePort();
        var start = new ProcessStartInfo(Emulator.Qemu) { ArgumentList = { Path.Combine(release.Arm64Directory, "appliance-registry"), "--data", data.Path, "--listen", $"127.0.0.1:{port}" } };
        // The CA does not exist until the server generates it, so readiness is polled unverified; skopeo verifies against that CA below.
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true })
        {
            BaseAddress = new Uri($"https://127.0.0.1:{port}/"),
        };
        using var server = await ServerProcess.StartAsync(start, http, "/health/ready", TimeSpan.FromMinutes(3));
        TestContext.Current.TestOutputHelper?.WriteLine($"arm64 server ready under qemu after {server.StartupTime.TotalSeconds:F1} s");

        using var certificates = new TestDirectory("arm64-registry-ca");
        File.Copy(data.Combine("tls", "ca.crt"), certificates.Combine("ca.crt"));
        var credentials = $"init:{(await File.ReadAllTextAsync(data.Combine("init-password"), TestContext.Current.CancellationToken)).Trim()}";
        using var layout = new TestDirectory("arm64-registry-image");
        var image = TestImages.Image(2, 64 * 1024, seed: 64, architecture: "arm64");
        OciLayout.Write(layout.Path, "v1", image);
        var reference = $"docker://127.0.0.1:{port}/arm/app:v1";
        (await Run.ProgramAsync("skopeo", ["copy", "--dest-cert-dir", certificates.Path, "--dest-creds", credentials, $"oci:{layout.Path}:v1", reference]))
            .EnsureSuccess("skopeo push to the arm64 server");
        var pushed = await Run.ProgramAsync("skopeo", ["inspect", "--format", "{{.Digest}}", "--cert-dir", certificates.Path, "--creds", credentials, reference]);
        Assert.Equal(image.Digest, pushed.EnsureSuccess("skopeo inspect").StandardOutput.Trim());
    }
}
