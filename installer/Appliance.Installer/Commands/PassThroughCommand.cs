using System.CommandLine;
using Appliance.Installer.Cli;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Commands;

/// <summary>
/// <c>users ...</c>, <c>gc ...</c>, <c>verify ...</c>: run by the installed server's own CLI on the target, as the
/// service user and against the installed config; arguments are passed on unchanged.
/// </summary>
public static class PassThroughCommand
{
    public static Command Create(ConnectionOptions connection, string name, string description)
    {
        var command = new Command(name, $"{description} (runs 'appliance-registry {name} ...' on the target as the service user)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var arguments = parse.UnmatchedTokens.ToList();
            // Passwords arrive on our standard input and leave on the remote one, never as arguments.
            var input = arguments.Contains("--password-stdin") ? Console.In.ReadToEnd() : null;
            return RunAsync(parse, connection, Shell.Join([name, .. arguments]), input, cancellationToken);
        });
        return command;
    }

    public static Task<int> RunAsync(ParseResult parse, ConnectionOptions connection, string arguments, string? input, CancellationToken cancellationToken) =>
        Session.RunAsync(parse, connection, cancellationToken, async (target, reporter) =>
        {
            var (context, _) = await Session.ExistingAsync(target, reporter, cancellationToken);
            var result = await context.RunRegistryAsync(arguments, cancellationToken, input);
            Console.Write(result.StandardOutput);
            Console.Error.Write(result.StandardError);
            return result.ExitCode;
        });
}
