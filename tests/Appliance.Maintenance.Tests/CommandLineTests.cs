using Appliance.Registry.Hosting;
using Appliance.Testing;

namespace Appliance.Maintenance.Tests;

/// <summary>What a new user sees from the registry binary: mistakes are reported and change nothing; start-up is quiet.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TestDirectory _work = new("appliance-cli");

    [Theory]
    [InlineData(new[] { "frobnicate" }, "'frobnicate'", null)]
    [InlineData(new[] { "verfy" }, "'verfy'", "verify")]
    [InlineData(new[] { "gc", "--dryrun" }, "'--dryrun'", "--dry-run")]
    [InlineData(new[] { "--gc:gracePerod", "00:00:00" }, "'--gc:gracePerod'", null)]
    [InlineData(new[] { "--lisen", "127.0.0.1:0" }, "'--lisen'", null)]
    [InlineData(new[] { "users", "lst" }, "'lst'", "list")]
    public async Task A_misspelt_command_or_option_prints_the_usage_and_changes_nothing(string[] arguments, string named, string? suggestion)
    {
        var data = _work.Combine("data");
        var result = await RegistryCli.RunAsync(data, arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.StandardError);
        Assert.Contains("Usage:", result.StandardError);
        if (suggestion is not null) Assert.Contains($"Did you mean one of the following?{Environment.NewLine}{suggestion}", result.StandardError);
        Assert.False(Directory.Exists(data), "a data directory was created");
    }

    [Fact]
    public async Task Settings_on_the_command_line_still_reach_the_commands_that_take_them()
    {
        var result = await RegistryCli.RunAsync(_work.Combine("data"), "gc", "--dry-run", "--gc:gracePeriod", "00:00:00", "--registry:maxPageSize=50");
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("would remove", result.StandardOutput);
    }

    [Fact]
    public async Task Start_up_writes_no_key_ring_and_warns_about_nothing()
    {
        // The service user's home: ASP.NET Core's Data Protection would write an unencrypted key ring there, with a warning.
        var home = _work.Combine("home");
        Directory.CreateDirectory(home);
        var port = ServerProcess.FreePort();
        var result = await ProcessRunner.RunAsync("timeout", ["--signal=TERM", "20", "dotnet", typeof(RegistryHost).Assembly.Location,
            "--data", _work.Combine("data"), "--listen", $"127.0.0.1:{port}", "--server:logLevel", "Information"],
            environment: new Dictionary<string, string> { ["HOME"] = home }, timeout: TimeSpan.FromMinutes(1));

        Assert.Contains("Application started", result.All);
        Assert.Contains("Application is shutting down", result.All);
        Assert.DoesNotContain(" WRN]", result.All);
        Assert.DoesNotContain("encryptor", result.All);
        Assert.Empty(Directory.GetFileSystemEntries(home));
    }

    public void Dispose() => _work.Dispose();
}
