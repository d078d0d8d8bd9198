using System.CommandLine;
using Appliance.Installer.Cli;
using Appliance.Installer.Installation;
using Appliance.Installer.Steps;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Commands;

/// <summary>Connects to the target for one command and turns installer failures into a message and exit code 1.</summary>
public static class Session
{
    public static async Task<int> RunAsync(ParseResult parse, ConnectionOptions connection, CancellationToken cancellationToken,
        Func<ShellTarget, Reporter, Task<int>> action)
    {
        var reporter = connection.Reporter(parse);
        try
        {
            await using var target = await TargetFactory.ConnectAsync(connection.Target(parse), reporter.Trace, cancellationToken);
            return await action(target, reporter);
        }
        catch (InstallerException e)
        {
            reporter.Error(e.Message);
            return 1;
        }
    }

    /// <summary>A context over an existing installation, for commands that work on what install recorded.</summary>
    public static async Task<(StepContext Context, InstallRecord Record)> ExistingAsync(ShellTarget target, Reporter reporter, CancellationToken cancellationToken)
    {
        var record = await InstallationLocator.RequireAsync(target, cancellationToken);
        return (new StepContext(target, record.Layout, Payload.NextToInstaller(), reporter), record);
    }

    public static bool Confirm(string question)
    {
        Console.Write($"{question} [y/N] ");
        return Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
    }
}
