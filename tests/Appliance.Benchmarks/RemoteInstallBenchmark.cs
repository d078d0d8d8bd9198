using System.Diagnostics;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>
/// A full remote install from the release directory onto a fresh disposable systemd host (../shared/testhost)
/// over SSH as a sudo user, timed from the installer's start until it exits with the registry ready.
/// </summary>
public sealed class RemoteInstallBenchmark(BenchmarkSettings settings, string installer, string testHostScript)
{
    /// <summary>Why the figure cannot be measured here, or null.</summary>
    public static string? Unavailable(string testHostScript) =>
        Environment.UserName != "root" ? "the test host needs root (systemd-nspawn)"
        : !File.Exists(testHostScript) ? $"{testHostScript} not found"
        : null;

    public async Task<Measurement> RunAsync()
    {
        (await TestHostAsync("image")).EnsureSuccess("testhost image");
        var seconds = new Measurement("s");
        for (var repetition = 0; repetition < settings.Repetitions; repetition++)
        {
            var host = $"bench-{Guid.NewGuid().ToString("N")[..8]}";
            try
            {
                (await TestHostAsync("create", host)).EnsureSuccess("testhost create");
                (await TestHostAsync("boot", host)).EnsureSuccess("testhost boot");
                var info = (await TestHostAsync("info", host)).EnsureSuccess("testhost info").StandardOutput
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('=', 2)).Where(pair => pair.Length == 2)
                    .ToDictionary(pair => pair[0], pair => pair[1]);
                var clock = Stopwatch.StartNew();
                (await ProcessRunner.RunAsync(installer,
                [
                    "install", "-H", "127.0.0.1", "--sshPort", info["SSH_PORT"], "-u", "deploy", "-k", info["SSH_KEY"],
                    "--sshKnownHosts", info["KNOWN_HOSTS"], "--quayHostname", $"{host}.test:8443", "--autoApprove",
                ], TimeSpan.FromMinutes(3))).EnsureSuccess("mirror-registry install");
                seconds.Add(clock.Elapsed.TotalSeconds);
            }
            finally
            {
                await TestHostAsync("destroy", host);
            }
        }
        return seconds;
    }

    private Task<ProcessResult> TestHostAsync(params string[] arguments) => ProcessRunner.RunAsync(testHostScript, arguments, TimeSpan.FromMinutes(4));
}
