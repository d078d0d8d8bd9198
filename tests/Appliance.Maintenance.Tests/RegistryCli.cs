using Appliance.Registry.Hosting;
using Appliance.Testing;

namespace Appliance.Maintenance.Tests;

/// <summary>Runs the registry's maintenance commands as the real executable.</summary>
public static class RegistryCli
{
    public static Task<ProcessResult> RunAsync(string dataDirectory, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [typeof(RegistryHost).Assembly.Location, .. arguments, "--data", dataDirectory]);

    /// <param name="settings">Those the registry on the data directory runs with, e.g. its storage engines.</param>
    public static async Task AssertVerifiesCleanAsync(string dataDirectory, params string[] settings)
    {
        var verify = await RunAsync(dataDirectory, ["verify", .. settings]);
        Assert.True(verify.ExitCode == 0 && verify.StandardOutput.Contains("clean"), $"verify is not clean:\n{verify.StandardOutput}{verify.StandardError}");
    }
}
