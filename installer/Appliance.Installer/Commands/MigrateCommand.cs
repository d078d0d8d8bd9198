using System.CommandLine;
using Appliance.Installer.Cli;
using Appliance.Installer.Installation;
using Appliance.Installer.Migrate;
using Appliance.Installer.Steps;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Commands;

/// <summary>
/// <c>migrate --fromMirrorRegistry</c>: takes a running mirror-registry 2.x over in place. Detect, plan (the import's dry
/// run), stop Quay, import, install this registry with Quay's host name, port, certificate and CA, start, verify, and
/// disable Quay's units; any failure on the way rolls back to Quay running as it was. <c>--cleanup</c> then (or later)
/// removes what is left of Quay.
/// </summary>
public static class MigrateCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var fromMirrorRegistry = Flags.Create<bool>("--fromMirrorRegistry", "take over the mirror-registry 2.x (Quay) installed on the target");
        var quayRoot = Flags.Create<string?>("--quayRoot", "mirror-registry's root (quay-config/, quay-rootCA/; default: from its units, else ~/quay-install)", "-r");
        var quayStorage = Flags.Create<string?>("--quayStorage", "mirror-registry's blob storage: directory or podman volume (default: from its units, else quay-storage)");
        var sqliteStorage = Flags.Create<string?>("--sqliteStorage", "directory or podman volume holding quay_sqlite.db (default: from its units, else sqlite-storage)");
        var dryRun = Flags.Create<bool>("--dryRun", "print what was found and the plan; change nothing");
        var cleanup = Flags.Create<bool>("--cleanup", "after the takeover (now or an earlier one): remove mirror-registry's units, containers, volumes and images");
        var autoApprove = Flags.Create<bool>("--autoApprove", "do not ask before --cleanup removes anything");
        var command = new Command("migrate", "take over a running mirror-registry 2.x in place: same name, port, certificate, users and content; rolls back on failure")
        {
            fromMirrorRegistry, quayRoot, quayStorage, sqliteStorage, dryRun, cleanup, autoApprove,
        };
        command.SetAction((parse, cancellationToken) => Session.RunAsync(parse, connection, cancellationToken, async (target, reporter) =>
        {
            if (!parse.GetValue(fromMirrorRegistry)) throw new InstallerException("name what to take over: --fromMirrorRegistry (the only source so far)");
            var overrides = new QuayOverrides(parse.GetValue(quayRoot), parse.GetValue(quayStorage), parse.GetValue(sqliteStorage));
            var quay = await QuayDetector.DetectAsync(target, overrides, cancellationToken);
            Describe(reporter, quay, target.Description);
            if (await InstallationLocator.FindAsync(target, cancellationToken) is { } installed)
            {
                if (!parse.GetValue(cleanup))
                {
                    throw new InstallerException($"this registry {installed.Version} is already installed on {target.Description}; "
                        + "after a takeover, 'migrate --fromMirrorRegistry --cleanup' removes what is left of mirror-registry");
                }
                return await CleanupAsync(target, reporter, quay, parse.GetValue(dryRun), parse.GetValue(autoApprove), cancellationToken);
            }
            var succeeded = await TakeOverAsync(target, reporter, quay, parse.GetValue(dryRun), cancellationToken);
            if (!succeeded) return 1;
            if (parse.GetValue(dryRun) || !parse.GetValue(cleanup)) return 0;
            return await CleanupAsync(target, reporter, quay with { Units = [.. quay.Units.Select(u => u with { Active = false })] }, false,
                parse.GetValue(autoApprove), cancellationToken);
        }));
        return command;
    }

    private static async Task<bool> TakeOverAsync(ShellTarget target, Reporter reporter, QuayInstallation quay, bool dryRun, CancellationToken cancellationToken)
    {
        var home = (await target.RunAsync("printf %s \"$HOME\"", cancellationToken: cancellationToken)).StandardOutput;
        var layout = quay.IsSystem ? InstallLayout.System(null) : InstallLayout.Rootless(home, null);
        var payload = Payload.NextToInstaller();
        var plan = new InstallPlan { QuayHost = quay.Host, Port = quay.Port, InitUser = "init", PortTakenOver = quay.Units.Count > 0 };
        var context = new StepContext(target, layout, payload, reporter);
        var takeover = new QuayTakeover(quay);
        var started = DateTimeOffset.UtcNow;
        reporter.Info(dryRun
            ? $"Planning the takeover of mirror-registry on {target.Description} by Appliance mirror registry {payload.Version} (dry run: nothing changes)"
            : $"Taking over mirror-registry on {target.Description} with Appliance mirror registry {payload.Version}");
        if (!await new StepRunner(context).RunAsync(Steps(layout, plan, takeover, payload, dryRun), cancellationToken))
        {
            var states = new List<string>();
            foreach (var unit in quay.Units) states.Add($"{unit.Name} {(await QuayDetector.StateAsync(target, quay.IsSystem, unit.Name, cancellationToken)).State}");
            reporter.Error(dryRun
                ? "the takeover cannot go ahead; nothing was changed"
                : $"the takeover failed and was rolled back: mirror-registry runs as before ({string.Join("; ", states)})");
            return false;
        }
        if (dryRun)
        {
            reporter.Info("dry run: nothing was changed; run again without --dryRun to take over");
            return true;
        }
        var took = DateTimeOffset.UtcNow - started;
        reporter.Info("");
        reporter.Info($"Appliance mirror registry {payload.Version} took over mirror-registry on {target.Description} in {took.TotalSeconds:0.0} s");
        reporter.Info($"  URL:            https://{plan.QuayHostname} (SERVER_HOSTNAME {quay.ServerHostname})");
        reporter.Info("  users:          mirror-registry's, each with its password; superusers are admins");
        reporter.Info($"  certificate:    mirror-registry's; clients keep trusting {quay.Paths.CaCertificate}");
        reporter.Info($"  data:           {layout.DataDirectory}");
        reporter.Info($"  service:        {layout.Systemctl} status {InstallLayout.UnitName}; logs: {layout.Journalctl}");
        reporter.Info($"  old registry:   units disabled, kept in {quay.UnitDirectory} with their data; 'migrate --fromMirrorRegistry --cleanup' removes them");
        return true;
    }

    private static List<IStep> Steps(InstallLayout layout, InstallPlan plan, QuayTakeover takeover, Payload payload, bool dryRun)
    {
        var steps = new List<IStep> { new PreflightStep(plan), new QuayPlanStep(takeover) };
        if (dryRun) return steps;
        if (layout.IsSystem) steps.Add(new ServiceUserStep());
        steps.AddRange(
        [
            new CopyBinariesStep(), new SwitchCurrentStep(), new DataDirectoryStep(), new WriteConfigStep(plan), new QuayCertificatesStep(takeover),
            new StopQuayStep(takeover), new ImportQuayStep(takeover), new InitUserStep(plan), new SystemdUnitStep(layout.IsSystem, plan.Port),
            new FirewallStep(plan), new StartServiceStep(disableOnUndo: true), new WaitReadyStep(plan.Port), new VerifyTakeoverStep(takeover),
            new RecordInstallStep(() => new InstallRecord(payload.Version, layout.IsSystem, layout.BinaryRoot, layout.ConfigDirectory, layout.DataDirectory,
                layout.UnitDirectory, plan.QuayHostname, plan.Port, plan.InitUser, plan.FirewallActive, DateTimeOffset.UtcNow, plan.Engines.Settings)),
            new DisableQuayStep(takeover),
        ]);
        return steps;
    }

    /// <summary>Only after a takeover: Quay must not run any more. Lists everything first; removes it when approved.</summary>
    private static async Task<int> CleanupAsync(ShellTarget target, Reporter reporter, QuayInstallation quay, bool dryRun, bool approved,
        CancellationToken cancellationToken)
    {
        if (quay.Units.FirstOrDefault(u => u.Active) is { } running)
        {
            throw new InstallerException($"{running.Name} is active: --cleanup only removes a mirror-registry that was taken over and stopped; nothing was changed");
        }
        var actions = QuayCleanup.Actions(quay);
        reporter.Info($"{(dryRun ? "--cleanup would" : "--cleanup will")} on {target.Description}:");
        foreach (var (what, _) in actions) reporter.Detail(what);
        reporter.Detail($"kept: {quay.Paths.Config} and {quay.Paths.RootCa} (Quay's config and CA) and host directories; delete them by hand");
        if (dryRun)
        {
            reporter.Info("dry run: nothing was removed");
            return 0;
        }
        if (!approved && !Session.Confirm("Remove mirror-registry's units, containers, volumes and images? This cannot be undone."))
        {
            reporter.Info("nothing was removed");
            return 1;
        }
        await QuayCleanup.RunAsync(target, quay, reporter, cancellationToken);
        reporter.Info($"removed what was left of mirror-registry on {target.Description}");
        return 0;
    }

    private static void Describe(Reporter reporter, QuayInstallation quay, string target)
    {
        reporter.Info($"Found mirror-registry on {target} ({(quay.IsSystem ? "system" : "rootless user")} units in {quay.UnitDirectory}):");
        foreach (var unit in quay.Units) reporter.Detail($"{unit.Name}: {unit.State}");
        if (quay.Units.Count == 0) reporter.Detail("no units: the files of an installation that does not run");
        reporter.Detail($"SERVER_HOSTNAME {quay.ServerHostname}; listening on port {quay.Port}: taken over as {quay.QuayHostname}");
        reporter.Detail($"config {quay.Paths.Config}; CA {quay.Paths.RootCa}");
        reporter.Detail($"database {quay.Paths.SqliteFile}; blobs {quay.Paths.Storage}");
        if (quay.NamedVolumes.Count > 0) reporter.Detail($"podman volumes: {string.Join(", ", quay.NamedVolumes)}");
    }
}
