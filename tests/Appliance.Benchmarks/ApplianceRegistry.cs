using System.Diagnostics;
using Appliance.Registry.Auth;

namespace Appliance.Benchmarks;

/// <summary>
/// Our registry: the published self-contained binary, plain HTTP or HTTPS with its generated CA; with
/// <paramref name="credentials"/>, token auth as shipped, its init user having that name and password; with
/// <paramref name="engineArguments"/>, on other storage engines than the data directory's files and SQLite.
/// </summary>
public sealed class ApplianceRegistry(string binary, string workDirectory, bool tls, string name = "appliance", BasicCredentials? credentials = null,
    string[]? engineArguments = null)
    : BenchmarkRegistry(tls ? $"{name} tls" : name, workDirectory, tls)
{
    protected override string ReadinessPath => "/health/ready";

    protected override string CaFile => Path.Combine(DataDirectory, "tls", "ca.crt");

    protected override ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo(binary);
        string[] arguments = ["--listen", Authority, "--data", DataDirectory, "--auth:enabled", credentials is null ? "false" : "true",
            "--server:logLevel", "Warning", "--tls:enabled", Tls ? "true" : "false", "--gc:interval", "00:00:00", .. engineArguments ?? []];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (credentials is not null)
        {
            // Through the environment, not the command line that ps shows.
            start.Environment["APPLIANCE_AUTH__INITUSER"] = credentials.User;
            start.Environment["APPLIANCE_AUTH__INITPASSWORD"] = credentials.Password;
        }
        return start;
    }

    public Task<Appliance.Testing.ProcessResult> CollectGarbageAsync() =>
        Appliance.Testing.ProcessRunner.RunAsync(binary, ["gc", "--data", DataDirectory, "--gc:gracePeriod", "00:00:00"], TimeSpan.FromMinutes(5));
}
