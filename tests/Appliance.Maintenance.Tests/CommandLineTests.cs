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

    [Theory]
    [InlineData(new[] { "gc", "--dry-run", "--gc:gracePeriod", "banana" }, "gc.gracePeriod: 'banana' is not a duration; write for example 90s, 15m, 1h30m, 24h, 7d or 2w")]
    [InlineData(new[] { "gc", "--dry-run", "--gc:gracePeriod", "7" }, "gc.gracePeriod: '7' is not a duration")]
    [InlineData(new[] { "gc", "--dry-run", "--registry:reserveBytes", "lots" }, "registry.reserveBytes: 'lots' is not a size; write for example 512MiB, 20GiB, 1.5TB")]
    [InlineData(new[] { "gc", "--dry-run", "--registry:maxManifestBytes", "3GiB" }, "registry.maxManifestBytes: '3GiB' is larger than")]
    [InlineData(new[] { "gc", "--dry-run", "--registry:maxPageSize", "ten" }, "registry.maxPageSize: 'ten' is not a whole number")]
    [InlineData(new[] { "gc", "--dry-run", "--auth:enabled", "yes" }, "auth.enabled: 'yes' is not true or false")]
    [InlineData(new[] { "audit", "--since", "banana" }, "--since: 'banana' is not a duration; write for example 90s")]
    [InlineData(new[] { "quota", "set", "ocp4", "--limit", "banana" }, "--limit: 'banana' is not a size; write for example 512MiB, 20GiB")]
    [InlineData(new[] { "gc", "--dry-run", "--registry:indexes:platforms", "amd64" }, "registry.indexes.platforms: 'amd64' is not 'none', 'all' or a platform")]
    public async Task A_value_that_does_not_parse_is_named_with_a_good_example_and_changes_nothing(string[] arguments, string message)
    {
        var data = _work.Combine("data");
        var result = await RegistryCli.RunAsync(data, arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError);
        Assert.DoesNotContain("System.", result.All);
        Assert.False(Directory.Exists(data), "a data directory was created");
    }

    [Fact]
    public async Task Durations_and_sizes_are_taken_as_admins_write_them()
    {
        var result = await RegistryCli.RunAsync(_work.Combine("data"), "gc", "--gc:gracePeriod", "1h30m", "--gc:uploadExpiry", "2w",
            "--registry:reserveBytes", "1.5GiB", "--registry:maxManifestBytes", "4MiB");
        Assert.True(result.ExitCode == 0, result.All);
        var audit = await RegistryCli.RunAsync(_work.Combine("data"), "audit", "--since", "7d");
        Assert.True(audit.ExitCode == 0, audit.All);
        Assert.Contains("gc.run", audit.StandardOutput);
    }

    [Fact]
    public async Task Help_shows_only_what_a_user_can_pass()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [typeof(RegistryHost).Assembly.Location, "--help"]);
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("--section:key VALUE", result.StandardOutput);
        Assert.DoesNotContain("Additional Arguments", result.StandardOutput);
        var audit = await ProcessRunner.RunAsync("dotnet", [typeof(RegistryHost).Assembly.Location, "audit", "--help"]);
        Assert.Contains("--since <duration>", audit.StandardOutput);

        // Every command's help, including those that pass short flags such as --log-format on to the registry they open.
        foreach (var path in CommandPaths(Appliance.Registry.Cli.RegistryCommandLine.Create(["--help"]), []))
        {
            string[] args = [.. path, "--help"];
            using var output = new StringWriter();
            Appliance.Registry.Cli.RegistryCommandLine.Create(args).Parse(args).Invoke(new() { Output = output });
            Assert.Contains("Usage:", output.ToString());
            Assert.DoesNotContain("additional arguments", output.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    private static IEnumerable<string[]> CommandPaths(System.CommandLine.Command command, string[] path) =>
        command.Subcommands.SelectMany(sub => CommandPaths(sub, [.. path, sub.Name])).Prepend(path);

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
