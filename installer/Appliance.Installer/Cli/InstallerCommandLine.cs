using System.CommandLine;
using Appliance.Installer.Commands;
using Appliance.Installer.Installation;

namespace Appliance.Installer.Cli;

/// <summary>
/// <c>mirror-registry</c>: the installer, with mirror-registry's commands and flags, plus pass-through of the
/// server's maintenance commands to the installed registry.
/// </summary>
public static class InstallerCommandLine
{
    public static RootCommand Create()
    {
        var connection = new ConnectionOptions();
        var root = new RootCommand($"Appliance mirror registry installer {Payload.NextToInstaller().Version}: installs, upgrades and removes the registry on this host or over SSH");
        foreach (var option in connection.All) root.Options.Add(option);
        root.Subcommands.Add(InstallCommand.Create(connection));
        root.Subcommands.Add(UpgradeCommand.Create(connection));
        root.Subcommands.Add(MigrateCommand.Create(connection));
        root.Subcommands.Add(UninstallCommand.Create(connection));
        root.Subcommands.Add(CertsCommand.Create(connection));
        root.Subcommands.Add(StatusCommand.Create(connection));
        root.Subcommands.Add(PassThroughCommand.Create(connection, "users", "manage registry users"));
        root.Subcommands.Add(PassThroughCommand.Create(connection, "gc", "garbage-collect unreferenced blobs"));
        root.Subcommands.Add(PassThroughCommand.Create(connection, "verify", "verify stored blobs against their digests"));
        return root;
    }
}
