using System.Net;
using System.Text;
using System.Text.Json;
using Appliance.Registry.Hosting;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

/// <summary>The <c>users</c> commands, run as the real executable against a data directory.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private readonly TestDirectory _data = new("appliance-users");

    [Fact]
    public async Task Add_list_passwd_role_delete_round_trip()
    {
        var added = await RunAsync("users", "add", "puller", "--role", "pull");
        Assert.Equal(32, added.StandardOutput.Trim().Length);
        Assert.Contains("init", (await RunAsync("users", "list")).StandardOutput);
        // The password hashes are in a file of the data directory only with SQLite.
        if (!TestBackend.UsesPostgres) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data.Path, "registry.db")));
        Assert.Matches(@"puller\s+pull\s+never", (await RunAsync("users", "list")).StandardOutput);

        await RunAsync(["users", "passwd", "puller", "--password-stdin"], "new-password-1");
        await RunAsync("users", "role", "puller", "push");
        Assert.Matches(@"puller\s+push", (await RunAsync("users", "list")).StandardOutput);
        await RunAsync("users", "delete", "puller");
        Assert.DoesNotContain("puller", (await RunAsync("users", "list")).StandardOutput);
    }

    [Fact]
    public async Task Changing_the_init_users_password_removes_the_stale_init_password_file()
    {
        await RunAsync("users", "add", "puller", "--role", "pull");
        var passwordFile = Path.Combine(_data.Path, "init-password");
        var initPassword = File.ReadAllText(passwordFile).Trim();
        Assert.Equal(32, initPassword.Length);

        await RunAsync(["users", "passwd", "puller", "--password-stdin"], "puller-password");
        Assert.True(File.Exists(passwordFile), "another user's new password leaves the init password file alone");

        var changed = await RunAsync("users", "passwd", "init");
        Assert.False(File.Exists(passwordFile));
        Assert.Contains("removed", changed.StandardError);
        Assert.NotEqual(initPassword, changed.StandardOutput.Trim());
    }

    [Fact]
    public async Task Errors_are_reported_with_a_non_zero_exit_code()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [RegistryDll, "users", "delete", "nobody", "--data", _data.Path]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("does not exist", result.StandardError);
    }

    [Fact]
    public async Task Pull_secret_logs_in_and_can_only_pull()
    {
        await RunAsync(["users", "add", "cluster", "--role", "pull", "--password-stdin"], "cluster-password");
        var secret = await RunAsync(["users", "pull-secret", "cluster", "--registry", "mirror.example:8443", "--password-stdin"], "cluster-password");
        using var json = JsonDocument.Parse(secret.StandardOutput);
        var auth = json.RootElement.GetProperty("auths").GetProperty("mirror.example:8443").GetProperty("auth").GetString()!;
        Assert.Equal("cluster:cluster-password", Encoding.UTF8.GetString(Convert.FromBase64String(auth)));

        await using var server = await RegistryServer.StartOnAsync(_data.Path, "--auth:enabled", "true");
        using var http = server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Basic", auth);
        using (var check = await http.GetAsync("/v2/", TestContext.Current.CancellationToken)) Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        using var push = await http.PostAsync("/v2/app/blobs/uploads/", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, push.StatusCode);
    }

    private static string RegistryDll => typeof(RegistryHost).Assembly.Location;

    private Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    private async Task<ProcessResult> RunAsync(string[] arguments, string? standardInput)
    {
        string[] backend = await TestBackend.ServerArgumentsAsync(_data.Path, TestContext.Current.CancellationToken);
        var result = await ProcessRunner.RunAsync("dotnet", [RegistryDll, .. arguments, "--data", _data.Path, .. backend], standardInput: standardInput);
        return result.EnsureSuccess(string.Join(' ', arguments));
    }

    public void Dispose() => _data.Dispose();
}
