using System.CommandLine;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Cli;

/// <summary>Which machine to work on and how to reach it; every command accepts these.</summary>
public sealed class ConnectionOptions
{
    private static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public Option<string> TargetHostname { get; } = Recursive(Flags.Create<string>("--targetHostname",
        "host to work on; naming another host than this one means SSH", "-H"), TargetFactory.ThisMachineName);
    public Option<string> TargetUsername { get; } = Recursive(Flags.Create<string>("--targetUsername", "user to log in as over SSH", "-u"),
        () => Environment.UserName);
    public Option<string> SshKey { get; } = Recursive(Flags.Create<string>("--ssh-key", "private key for SSH", "-k"), () => Path.Combine(Home, ".ssh", "quay_installer"));
    public Option<int?> SshPort { get; } = Recursive(Flags.Create<int?>("--sshPort", "SSH port (default 22); given, it means SSH even to this host"), null);
    public Option<string> SshKnownHosts { get; } = Recursive(Flags.Create<string>("--sshKnownHosts", "known_hosts file the host key is checked against"),
        () => Path.Combine(Home, ".ssh", "known_hosts"));
    public Option<bool> SshAcceptNewHostKey { get; } = Recursive(Flags.Create<bool>("--sshAcceptNewHostKey",
        "trust and record the host key of a host not yet in known_hosts (a changed key is always refused)"), null);
    public Option<bool> AskBecomePass { get; } = Recursive(Flags.Create<bool>("--askBecomePass", "prompt for the sudo password of the target user"), null);
    public Option<bool> Verbose { get; } = Recursive(Flags.Create<bool>("--verbose", "show the commands run on the target", "-v"), null);
    public Option<bool> NoColor { get; } = Recursive(new Option<bool>("--no-color", "-c", "--noColor") { Description = "plain output without colors" }, null);

    public IEnumerable<Option> All => [TargetHostname, TargetUsername, SshKey, SshPort, SshKnownHosts, SshAcceptNewHostKey, AskBecomePass, Verbose, NoColor];

    public TargetOptions Target(ParseResult parse) => new(parse.GetValue(TargetHostname)!, parse.GetValue(SshPort), parse.GetValue(TargetUsername)!,
        parse.GetValue(SshKey)!, parse.GetValue(SshKnownHosts)!, parse.GetValue(SshAcceptNewHostKey), parse.GetValue(AskBecomePass));

    public Reporter Reporter(ParseResult parse) => new(
        !parse.GetValue(NoColor) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null, parse.GetValue(Verbose));

    private static Option<T> Recursive<T>(Option<T> option, Func<T>? defaultValue)
    {
        option.Recursive = true;
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue();
        return option;
    }
}
