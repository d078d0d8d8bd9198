using System.Net;
using System.Net.Sockets;
using Appliance.Registry.Hosting;
using Appliance.Testing;

namespace Appliance.Storage.Postgres.Tests;

/// <summary>An unreachable or refusing database: start-up stops with one line naming the setting, a running server reports not ready.</summary>
public sealed class OutageTests : IDisposable
{
    private readonly TestDirectory _data = new("appliance-pg-outage");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_up_without_a_reachable_database_fails_with_one_line_naming_the_connection_string()
    {
        var port = ClosedPort();
        var password = _data.Combine("pg-password");
        await File.WriteAllTextAsync(password, "anything\n", Cancel);
        var result = await StartRegistryAsync("--metadata:connectionString", $"Host=127.0.0.1;Port={port};Username=appliance;Database=registry",
            "--metadata:passwordFile", password);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"appliance-registry: metadata.connectionString: could not connect to 127.0.0.1:{port} (Connection refused)", result.StandardError.Trim());
    }

    [Fact]
    public async Task A_wrong_password_fails_with_one_line_naming_the_password_file_and_never_shows_the_password()
    {
        var database = await SharedDatabase.CreateAsync();
        var wrong = _data.Combine("wrong-password");
        await File.WriteAllTextAsync(wrong, "not-the-password-4711\n", Cancel);
        var result = await StartRegistryAsync("--metadata:connectionString", database.ConnectionString, "--metadata:passwordFile", wrong);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.StartsWith("appliance-registry: metadata.passwordFile: ", line);
        Assert.Contains("password authentication failed", line);
        Assert.DoesNotContain("not-the-password-4711", result.All);
    }

    [Fact]
    public async Task A_password_in_the_connection_string_is_refused_without_being_shown()
    {
        var result = await StartRegistryAsync("--metadata:connectionString", "Host=127.0.0.1;Username=appliance;Password=secret-4711;Database=registry");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("appliance-registry: metadata.connectionString: must not hold the password; put it in metadata.passwordFile", result.StandardError.Trim());
        Assert.DoesNotContain("secret-4711", result.All);
    }

    [Fact]
    public async Task An_unknown_driver_is_refused_with_one_line()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [typeof(RegistryHost).Assembly.Location, "--data", _data.Path, "--metadata:driver", "mysql"],
            timeout: TimeSpan.FromMinutes(1));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("appliance-registry: metadata.driver: 'mysql' is not one of sqlite, postgres", result.StandardError.Trim());
    }

    [Fact]
    public async Task A_database_that_goes_away_turns_the_server_not_ready_until_it_is_back()
    {
        await using var cluster = await PostgresServer.CreateAsync();
        var database = await SharedDatabase.CreateAsync(cluster);
        await using var server = await database.StartRegistryAsync();
        using var http = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, await ReadinessAsync(http));

        await cluster.StopAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadinessAsync(http));

        await cluster.StartAsync(Cancel);
        // The pool may hand out one connection the restart broke before it opens fresh ones.
        await Poll.ForAsync("readiness answers 200 again", () => ReadinessAsync(http), status => status == HttpStatusCode.OK,
            within: TimeSpan.FromSeconds(5), every: TimeSpan.FromMilliseconds(250), Cancel);
    }

    private static async Task<HttpStatusCode> ReadinessAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/health/ready", Cancel);
        return response.StatusCode;
    }

    private Task<ProcessResult> StartRegistryAsync(params string[] metadata) =>
        ProcessRunner.RunAsync("dotnet", [typeof(RegistryHost).Assembly.Location, "--data", _data.Path, "--listen", "127.0.0.1:0",
            "--metadata:driver", "postgres", .. metadata], timeout: TimeSpan.FromMinutes(1));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _data.Dispose();
}
