using System.CommandLine;
using Appliance.Installer.Cli;
using Appliance.Installer.Installation;
using Appliance.Installer.Steps;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Commands;

/// <summary><c>uninstall</c>: stops and removes service, unit, binaries and config; data only with --deleteData.</summary>
public static class UninstallCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var autoApprove = Flags.Create<bool>("--autoApprove", "do not ask for confirmation");
        var deleteData = Flags.Create<bool>("--deleteData", "also delete images, database, certificates and the service user");
        var quayRoot = Flags.Create<string?>("--quayRoot",
            "data directory to delete after an earlier uninstall kept it (default /var/lib/appliance); an installed registry's own record says where its data is", "-r");
        var command = new Command("uninstall", "remove the registry service; keeps the data unless --deleteData") { autoApprove, deleteData, quayRoot };
        command.SetAction((parse, cancellationToken) => Session.RunAsync(parse, connection, cancellationToken, async (target, reporter) =>
        {
            var approved = parse.GetValue(autoApprove);
            var wipe = parse.GetValue(deleteData);
            if (wipe && await InstallationLocator.FindAsync(target, cancellationToken) is null)
            {
                return await DeleteLeftoverDataAsync(target, reporter, parse.GetValue(quayRoot), approved, cancellationToken);
            }
            var (context, record) = await Session.ExistingAsync(target, reporter, cancellationToken);
            if (!approved && !Session.Confirm($"Uninstall the registry {record.Version} from {target.Description}?")) return Cancelled(reporter);
            if (wipe && !approved && !Session.Confirm($"Delete {record.DataDirectory} with all images, users and certificates? This cannot be undone.")) return Cancelled(reporter);
            await RemoveAsync(context, record, wipe, cancellationToken);
            reporter.Info($"uninstalled {record.Version} from {target.Description}");
            reporter.Info(wipe
                ? $"  deleted: {record.DataDirectory}"
                : $"  kept: {record.DataDirectory} (images, database, users, certificates); delete it by hand or run uninstall --deleteData");
            return 0;
        }));
        return command;
    }

    private static async Task RemoveAsync(StepContext context, InstallRecord record, bool deleteData, CancellationToken cancellationToken)
    {
        var layout = context.Layout;
        var unit = InstallLayout.UnitName;
        await context.RunAsync($"{layout.Systemctl} disable --now --quiet {unit}", cancellationToken);
        await context.RunCheckedAsync($"rm -f {Shell.Quote(layout.UnitPath)} && {layout.Systemctl} daemon-reload && {layout.Systemctl} reset-failed {unit} 2>/dev/null; true",
            "removing the unit", cancellationToken);
        context.Reporter.Detail($"removed {layout.UnitPath}");
        if (record.FirewallPortOpened)
        {
            await context.RunAsync($"firewall-cmd --permanent --remove-port={record.Port}/tcp && firewall-cmd --reload", cancellationToken);
        }
        await context.RunCheckedAsync($"rm -rf {Shell.Quote(layout.BinaryRoot)} {Shell.Quote(layout.ConfigPath)} {Shell.Quote(layout.RecordPath)} "
            + $"{Shell.Quote(layout.PostgresPasswordPath)} {Shell.Quote(layout.S3CredentialsPath)} "
            + $"&& (rmdir {Shell.Quote(layout.ConfigDirectory)} 2>/dev/null; true)", "removing binaries and config", cancellationToken);
        context.Reporter.Detail($"removed {layout.BinaryRoot} and {layout.ConfigDirectory}");
        if (!deleteData) return;
        await context.RunCheckedAsync($"rm -rf {Shell.Quote(layout.DataDirectory)}", "deleting the data", cancellationToken);
        if (layout.IsSystem) await context.RunAsync($"userdel {InstallLayout.ServiceUser}", cancellationToken);
    }

    /// <summary>
    /// The service is gone but an earlier uninstall kept the data: <c>--deleteData</c> removes it (and the service
    /// user) when it really is a registry data directory.
    /// </summary>
    private static async Task<int> DeleteLeftoverDataAsync(ShellTarget target, Reporter reporter, string? dataDirectory, bool approved,
        CancellationToken cancellationToken)
    {
        var layout = InstallLayout.System(dataDirectory);
        var data = Shell.Quote(layout.DataDirectory);
        if (!(await target.RunAsync($"test -e {data}/registry.db", sudo: true, cancellationToken: cancellationToken)).Succeeded)
        {
            throw new InstallerException($"no installation and no registry data in {layout.DataDirectory} on {target.Description}; nothing to delete");
        }
        if (!approved && !Session.Confirm($"Delete the data left in {layout.DataDirectory}, with all images, users and certificates? This cannot be undone.")) return Cancelled(reporter);
        (await target.RunAsync($"rm -rf {data} && (userdel {InstallLayout.ServiceUser} 2>/dev/null; true)", sudo: true, cancellationToken: cancellationToken))
            .EnsureSuccess("deleting the data");
        reporter.Info($"  deleted: {layout.DataDirectory}");
        return 0;
    }

    private static int Cancelled(Reporter reporter)
    {
        reporter.Info("nothing was changed");
        return 1;
    }
}
