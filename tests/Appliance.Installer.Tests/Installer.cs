namespace Appliance.Installer.Tests;

/// <summary>The release's mirror-registry binary pointed at a test host over SSH.</summary>
public sealed class Installer(string binary, TestHost host, string user)
{
    public Task<ProcessResult> RunAsync(string command, params string[] arguments) => RunAsync(command, arguments, null);

    /// <summary>Runs a command; a connection flag in <paramref name="arguments"/> replaces the host's default one.</summary>
    public Task<ProcessResult> RunAsync(string command, string[] arguments, string? input)
    {
        var connection = host.SshArguments(user).Chunk(2).Where(pair => pair.Length == 1 || !arguments.Contains(pair[0])).SelectMany(pair => pair);
        return Run.ProgramAsync(binary, [.. command.Split(' '), .. connection, .. arguments], input);
    }

    /// <summary>Proof that nothing was installed: no binaries, config, unit, service user or data.</summary>
    public static async Task AssertNothingInstalledAsync(TestHost host)
    {
        var leftovers = await host.SshAsync(
            "for p in /opt/appliance /etc/appliance /etc/systemd/system/appliance-registry.service /var/lib/appliance; do [ -e $p ] && echo $p; done; "
            + "id appliance 2>/dev/null; pgrep -a appliance-reg; true");
        Assert.Equal("", leftovers.EnsureSuccess("checking leftovers").StandardOutput.Trim());
    }
}
