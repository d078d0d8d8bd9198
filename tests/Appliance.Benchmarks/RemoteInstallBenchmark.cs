using System.Diagnostics;
using Appliance.Testing;
using Appliance.Testing.TestHosts;

namespace Appliance.Benchmarks;

/// <summary>
/// A full remote install from the release directory onto a fresh disposable systemd host (Appliance.Testing's
/// TestHost) over SSH as a sudo user, timed from the installer's start until it exits with the registry ready.
/// </summary>
public sealed class RemoteInstallBenchmark(BenchmarkSettings settings, string installer)
{
    /// <summary>The install times, and how long the hosts took to create and to boot to SSH (context for the report).</summary>
    public async Task<(Measurement Install, string HostNote)> RunAsync()
    {
        var image = Stopwatch.StartNew();
        await TestHost.PrepareAsync();
        var imageSeconds = image.Elapsed.TotalSeconds;
        var seconds = new Measurement("s");
        var create = new Measurement("s");
        var boot = new Measurement("s");
        for (var repetition = 0; repetition < settings.Repetitions; repetition++)
        {
            await using var host = await TestHost.StartAsync("bench");
            create.Add(host.CreateDuration.TotalSeconds);
            boot.Add(host.BootDuration.TotalSeconds);
            var clock = Stopwatch.StartNew();
            (await ProcessRunner.RunAsync(installer,
                ["install", .. host.SshArguments("deploy"), "--quayHostname", $"{host.HostName}:8443", "--autoApprove"],
                TimeSpan.FromMinutes(3))).EnsureSuccess("mirror-registry install");
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return (seconds, $"remote install's test hosts: create {create.Median:0.00} s, boot to SSH {boot.Median:0.00} s (median); "
            + $"image ready in {imageSeconds:0.0} s (cached unless built in this run).");
    }
}
