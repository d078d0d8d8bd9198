using Appliance.Registry.Hosting;
using Appliance.Testing;
using Npgsql;

namespace Appliance.Storage.Postgres.Tests;

/// <summary>
/// <c>appliance-registry check-engines</c> on PostgreSQL, as the installer's preflight runs it: it reports the schema
/// without migrating it, and a refused login or a role that could not create the tables is one line naming the setting.
/// </summary>
public sealed class CheckEnginesTests : IDisposable
{
    private readonly TestDirectory _data = new("appliance-pg-check");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_empty_database_is_reported_and_left_empty_then_its_schema_version_once_migrated()
    {
        var database = await SharedDatabase.CreateAsync();
        var empty = await CheckAsync(database.Arguments);

        Assert.Equal(0, empty.ExitCode);
        Assert.Contains("metadata: PostgreSQL ", empty.StandardOutput);
        Assert.Contains("schema version 0 (empty: the registry's first start creates it); this release migrates to ", empty.StandardOutput);
        Assert.Equal(0L, await ScalarAsync(database.Cluster, database.ConnectionString, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));

        (await RegistryAsync(["users", "list", "--data", _data.Path, .. database.Arguments])).EnsureSuccess("users list (migrates)");
        var latest = await ScalarAsync(database.Cluster, database.ConnectionString, "SELECT max(version) FROM schema_version");
        Assert.Contains($"schema version {latest}; this release migrates to {latest}", (await CheckAsync(database.Arguments)).StandardOutput);
    }

    [Fact]
    public async Task A_wrong_password_is_one_line_naming_the_password_file_without_the_password()
    {
        var database = await SharedDatabase.CreateAsync();
        var wrong = _data.Combine("wrong-password");
        await File.WriteAllTextAsync(wrong, "not-the-password-0815\n", Cancel);
        var result = await CheckAsync(["--metadata:driver", "postgres", "--metadata:connectionString", database.ConnectionString, "--metadata:passwordFile", wrong]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.StartsWith($"metadata.passwordFile: 127.0.0.1:{database.Cluster.Port} refused the login (password authentication failed", line);
        Assert.DoesNotContain("not-the-password-0815", result.All);
    }

    [Fact]
    public async Task A_role_that_may_not_create_tables_in_an_empty_database_is_refused_before_a_first_start_would_fail()
    {
        var database = await SharedDatabase.CreateAsync();
        var role = $"restricted_{Guid.NewGuid():N}"[..24];
        var password = await File.ReadAllTextAsync(database.Cluster.PasswordFile, Cancel);
        // PostgreSQL 15 and later: only the database's owner may create in public unless granted.
        await ScalarAsync(database.Cluster, database.ConnectionString, $"CREATE ROLE {role} LOGIN PASSWORD '{password.Trim()}'");
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role }.ConnectionString;
        var result = await CheckAsync(["--metadata:driver", "postgres", "--metadata:connectionString", connection, "--metadata:passwordFile", database.Cluster.PasswordFile]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.StartsWith($"metadata.connectionString: role {role} may not create tables in schema public of database ", line);
        Assert.EndsWith($"(GRANT CREATE ON SCHEMA public TO {role}, or make the role the database's owner)", line);
    }

    private Task<ProcessResult> CheckAsync(string[] settings) => RegistryAsync(["check-engines", "--data", _data.Path, .. settings]);

    private static Task<ProcessResult> RegistryAsync(string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [typeof(RegistryHost).Assembly.Location, .. arguments], timeout: TimeSpan.FromMinutes(1));

    private static async Task<long> ScalarAsync(PostgresServer cluster, string connectionString, string sql)
    {
        var password = (await File.ReadAllTextAsync(cluster.PasswordFile, Cancel)).Trim();
        await using var connection = new NpgsqlConnection($"{connectionString};Password={password}");
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Cancel) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public void Dispose() => _data.Dispose();
}
