using System.Text;
using System.Text.Json;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

/// <summary>The <c>robots</c> commands, run as the real executable against a data directory.</summary>
public sealed class RobotsCommandTests : IDisposable
{
    private readonly TestDirectory _data = new("appliance-robots");
    private readonly RegistryCommands _registry;

    public RobotsCommandTests() => _registry = new RegistryCommands(_data.Path);

    [Fact]
    public async Task Add_list_rotate_delete_and_the_secret_is_printed_once_and_kept_nowhere()
    {
        var added = await _registry.RunAsync("robots", "add", "ocp4+puller", "--role", "pull", "--expires", "90d", "--description", "the cluster");
        var secret = added.StandardOutput.Trim();
        Assert.Matches("^[A-Za-z0-9]{64}$", secret);
        Assert.Matches(@"ocp4\+puller\s+pull\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+never\s+the cluster", (await _registry.RunAsync("robots", "list")).StandardOutput);

        var rotated = await _registry.RunAsync("robots", "rotate", "ocp4+puller", "--grace", "1h");
        Assert.Matches("^[A-Za-z0-9]{64}$", rotated.StandardOutput.Trim());
        Assert.NotEqual(secret, rotated.StandardOutput.Trim());
        Assert.Contains("previous one is valid until", rotated.StandardError);

        var audit = (await _registry.RunAsync("audit")).StandardOutput;
        Assert.Contains("robot.add", audit);
        Assert.Contains("robot.rotate", audit);
        Assert.DoesNotContain(secret, audit);
        if (!TestBackend.UsesPostgres)
        {
            var database = await File.ReadAllBytesAsync(Path.Combine(_data.Path, "registry.db"), TestContext.Current.CancellationToken);
            Assert.Equal(-1, database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        }

        await _registry.RunAsync("robots", "delete", "ocp4+puller");
        Assert.DoesNotContain("ocp4+puller", (await _registry.RunAsync("robots", "list")).StandardOutput);
        Assert.Contains("robot.delete", (await _registry.RunAsync("audit")).StandardOutput);
        var again = await _registry.FailAsync("robots", "delete", "ocp4+puller");
        Assert.Contains("robots: robot 'ocp4+puller' does not exist", again.StandardError);
        var badName = await _registry.FailAsync("robots", "add", "puller");
        Assert.Contains("must be namespace+name", badName.StandardError);
    }

    [Fact]
    public async Task Pull_secret_takes_the_current_secret_or_rotates_it()
    {
        var secret = (await _registry.RunAsync("robots", "add", "ocp4+puller")).StandardOutput.Trim();

        var document = await _registry.RunAsync(["robots", "pull-secret", "ocp4+puller", "--registry", "mirror.example:8443", "--secret-stdin"], secret);
        Assert.Equal($"ocp4+puller:{secret}", AuthOf(document.StandardOutput, "mirror.example:8443"));
        var wrong = await _registry.FailAsync(["robots", "pull-secret", "ocp4+puller", "--registry", "m:1", "--secret-stdin"], secret[..^1]);
        Assert.Contains("wrong secret", wrong.StandardError);

        var rotated = await _registry.RunAsync("robots", "pull-secret", "ocp4+puller", "--registry", "mirror.example:8443");
        var newSecret = AuthOf(rotated.StandardOutput, "mirror.example:8443")["ocp4+puller:".Length..];
        Assert.NotEqual(secret, newSecret);
        Assert.Contains("previous one is revoked", rotated.StandardError);
        await _registry.FailAsync(["robots", "pull-secret", "ocp4+puller", "--registry", "m:1", "--secret-stdin"], secret);
        await _registry.RunAsync(["robots", "pull-secret", "ocp4+puller", "--registry", "m:1", "--secret-stdin"], newSecret);
    }

    [Fact]
    public async Task Add_and_rotate_write_the_secret_only_into_a_pull_secret_file_merged_into_another()
    {
        var existing = Path.Combine(_data.Path, "existing.json");
        File.WriteAllText(existing, "{\"auths\":{\"quay.io\":{\"auth\":\"cXVheQ==\"}}}");
        var file = Path.Combine(_data.Path, "robot.json");

        var added = await _registry.RunAsync("robots", "add", "ocp4+puller", "--registry", "mirror.example:8443", "--pull-secret", file, "--merge", existing);
        Assert.Empty(added.StandardOutput);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var first = AuthOf(File.ReadAllText(file), "mirror.example:8443");
        Assert.StartsWith("{\"auths\":{\"quay.io\":{\"auth\":\"cXVheQ==\"},\"mirror.example:8443\":", File.ReadAllText(file));
        await _registry.RunAsync(["robots", "pull-secret", "ocp4+puller", "--registry", "m:1", "--secret-stdin"], first["ocp4+puller:".Length..]);

        await _registry.RunAsync("robots", "rotate", "ocp4+puller", "--registry", "mirror.example:8443", "--pull-secret", file);
        var second = AuthOf(File.ReadAllText(file), "mirror.example:8443");
        Assert.NotEqual(first, second);

        // Refused before the secret changes: the one in the file still works.
        var noRegistry = await _registry.FailAsync("robots", "rotate", "ocp4+puller", "--pull-secret", file);
        Assert.Contains("--pull-secret needs --registry", noRegistry.StandardError);
        await _registry.FailAsync("robots", "rotate", "ocp4+puller", "--merge", existing);
        await _registry.RunAsync(["robots", "pull-secret", "ocp4+puller", "--registry", "m:1", "--secret-stdin"], second["ocp4+puller:".Length..]);
    }

    private static string AuthOf(string pullSecret, string registry)
    {
        using var json = JsonDocument.Parse(pullSecret);
        var auth = json.RootElement.GetProperty("auths").GetProperty(registry).GetProperty("auth").GetString()!;
        return Encoding.UTF8.GetString(Convert.FromBase64String(auth));
    }

    public void Dispose() => _data.Dispose();
}
