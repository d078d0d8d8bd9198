using System.CommandLine;
using Appliance.Registry.Hosting;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>appliance-registry [flags]</c> serves; subcommands maintain the data directory. Serving accepts
/// any <c>--section:key value</c> setting, so unknown tokens are passed on rather than rejected.
/// </summary>
public static class RegistryCommandLine
{
    private static readonly HashSet<string> HelpTokens = ["--help", "-h", "-?", "/?", "/h"];

    public static RootCommand Create(string[] args)
    {
        var common = new CommonOptions(SettingArguments.Extract(args).Settings);
        var root = new RootCommand("Appliance mirror registry: OCI distribution / Docker v2 registry for disconnected clusters. "
                                   + "Any setting can be given as --section:key VALUE, e.g. --gc:gracePeriod 1h")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(common.Data);
        root.Options.Add(common.Config);
        root.Subcommands.Add(UsersCommand.Create(common));
        root.Subcommands.Add(GrantsCommand.Create(common));
        root.Subcommands.Add(QuotaCommand.Create(common));
        root.Subcommands.Add(GroupsCommand.Create(common));
        root.Subcommands.Add(RobotsCommand.Create(common));
        root.Subcommands.Add(CertsCommand.Create(common));
        root.Subcommands.Add(MaintenanceCommands.Gc(common));
        root.Subcommands.Add(MaintenanceCommands.Verify(common));
        root.Subcommands.Add(RetentionCommand.Create(common));
        root.Subcommands.Add(BackupCommand.Create(common));
        root.Subcommands.Add(MigrateCommand.Create(common));
        root.Subcommands.Add(ImportCommand.Create(common));
        root.Subcommands.Add(CheckEnginesCommand.Create(common));
        root.Subcommands.Add(AuditCommand.Create(common));
        root.Subcommands.Add(ReleaseCommand.Create(common));
        root.Subcommands.Add(SyncCommand.Create(common));
        root.Subcommands.Add(ClusterConfigCommand.Create(common));
        root.Subcommands.Add(UpstreamsCommand.Create(common));
        root.Subcommands.Add(IcspToIdmsCommand.Create());
        root.SetAction(async (_, cancellationToken) =>
        {
            await using var app = await RegistryHost.BuildAsync(args, cancellationToken: cancellationToken);
            await app.RunAsync(cancellationToken);
            return 0;
        });
        // Serving and the commands that open the registry take short flags such as --log-format, which the parser leaves
        // unmatched. Help is asked for on its own, and would otherwise describe them as "arguments passed to the application
        // that is being run", which means nothing to a user.
        if (args.Any(HelpTokens.Contains)) RejectUnmatchedTokens(root);
        return root;
    }

    /// <summary>Makes every command refuse tokens that are none of its options or arguments.</summary>
    public static void RejectUnmatchedTokens(Command root)
    {
        foreach (var command in AllCommands(root)) command.TreatUnmatchedTokensAsErrors = true;
    }

    private static IEnumerable<Command> AllCommands(Command command) => command.Subcommands.SelectMany(AllCommands).Prepend(command);
}
