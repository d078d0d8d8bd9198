using Appliance.Registry.Hosting;
using Appliance.Testing;

namespace Appliance.Maintenance.Tests;

/// <summary>Runs the registry's maintenance commands as the real executable.</summary>
public static class RegistryCli
{
    public static Task<ProcessResult> RunAsync(string dataDirectory, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [typeof(RegistryHost).Assembly.Location, .. arguments, "--data", dataDirectory]);

    public static async Task AssertVerifiesCleanAsync(string dataDirectory)
    {
        var verify = await RunAsync(dataDirectory, "verify");
        Assert.True(verify.ExitCode == 0 && verify.StandardOutput.Contains("clean"), $"verify is not clean:\n{verify.StandardOutput}{verify.StandardError}");
    }
}
