using Appliance.Registry.Hosting;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

/// <summary>The registry's maintenance commands run as the real executable on one data directory, on the test backend's engines.</summary>
public sealed class RegistryCommands(string dataDirectory)
{
    public Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    /// <summary>Runs a command that must succeed.</summary>
    public async Task<ProcessResult> RunAsync(string[] arguments, string? standardInput) =>
        (await StartAsync(arguments, standardInput)).EnsureSuccess(string.Join(' ', arguments));

    public Task<ProcessResult> FailAsync(params string[] arguments) => FailAsync(arguments, null);

    /// <summary>Runs a command the registry must refuse (exit code 1, the message on standard error).</summary>
    public async Task<ProcessResult> FailAsync(string[] arguments, string? standardInput)
    {
        var result = await StartAsync(arguments, standardInput);
        Assert.True(result.ExitCode == 1, $"{string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.All}");
        return result;
    }

    private async Task<ProcessResult> StartAsync(string[] arguments, string? standardInput)
    {
        string[] backend = await TestBackend.ServerArgumentsAsync(dataDirectory, TestContext.Current.CancellationToken);
        return await ProcessRunner.RunAsync("dotnet", [typeof(RegistryHost).Assembly.Location, .. arguments, "--data", dataDirectory, .. backend],
            standardInput: standardInput);
    }
}
