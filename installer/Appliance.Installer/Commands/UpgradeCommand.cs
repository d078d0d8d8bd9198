using System.CommandLine;
using Appliance.Installer.Cli;
using Appliance.Installer.Installation;
using Appliance.Installer.Steps;

namespace Appliance.Installer.Commands;

/// <summary>
/// <c>upgrade</c>: in place, with the settings install recorded. The new version goes next to the old one; any
/// failure puts back the old binary, database, certificates and config and starts the old version again.
/// </summary>
public static class UpgradeCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var command = new Command("upgrade", "upgrade an installed registry to this release, keeping data, config and credentials; rolls back on failure");
        command.SetAction((parse, cancellationToken) => Session.RunAsync(parse, connection, cancellationToken, async (target, reporter) =>
        {
            var (context, record) = await Session.ExistingAsync(target, reporter, cancellationToken);
            var version = context.Payload.Version;
            if (record.Version == version)
            {
                reporter.Info($"{target.Description} already runs {version}: nothing to do");
                return 0;
            }
            context.Payload.EnsureComplete();
            reporter.Info($"Upgrading the registry on {target.Description}: {record.Version} -> {version}");
            var postgres = record.EngineSettings.Postgres is not null;
            var backup = new BackupStep(record.Version, version, postgres);
            IStep[] steps =
            [
                new CopyBinariesStep(), backup, new SwitchCurrentStep(), new SystemdUnitStep(record.IsSystem, record.Port),
                new StartServiceStep(disableOnUndo: false), new WaitReadyStep(record.Port),
                new RecordInstallStep(() => record with { Version = version }),
            ];
            if (!await new StepRunner(context).RunAsync(steps, cancellationToken))
            {
                var running = await target.RunAsync($"{context.Layout.Systemctl} is-active {InstallLayout.UnitName}", cancellationToken: cancellationToken);
                reporter.Error(postgres
                    ? $"the upgrade to {version} failed and was rolled back: {record.Version} is {running.StandardOutput.Trim()} again with its binary, config and certificates; "
                        + $"the shared PostgreSQL schema keeps any migration {version} applied ({record.Version} starts on it and migrates nothing, as the replicas not yet upgraded do)"
                    : $"the upgrade to {version} failed and was rolled back: {record.Version} is {running.StandardOutput.Trim()} again with the data from before");
                return 1;
            }
            reporter.Info($"upgraded {record.Version} -> {version}; backup in {backup.Directory(context.Layout)}");
            return 0;
        }));
        return command;
    }
}
