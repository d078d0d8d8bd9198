using Appliance.Installer.Installation;
using Appliance.Installer.Steps;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Migrate;

/// <summary>
/// Runs the installed server's <c>import mirror-registry</c> into the new data directory, after the stop, so Quay's
/// SQLite file is read complete and still (it is never written). It runs as root on a system install, because Quay's
/// files belong to root and Quay's container user; what it wrote is then given to the service user, except blob files
/// hard-linked with Quay's storage, which only become readable: their owner stays, so a rollback leaves Quay's files as
/// Quay needs them. Problems the dry run announced (blobs Quay lacks too, robot tokens that do not decrypt) are reported
/// and the takeover goes on; any other failure rolls it back. Nothing to undo here: the data directory's own undo removes the new directory with all it holds.
/// </summary>
public sealed class ImportQuayStep(QuayTakeover takeover) : IStep
{
    public string Title => "Import users, robot accounts, repositories, tags and blobs";

    public Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var layout = context.Layout;
        var import = await context.RunAsync(layout.RegistryCommand(QuayImport.Arguments(takeover.Quay.Paths, layout.DataDirectory, dryRun: false)), cancellationToken);
        foreach (var line in import.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3)) context.Reporter.Detail(line.Trim());
        var outcome = ImportOutcome.TryParse(import.StandardOutput);
        foreach (var problem in outcome?.Problems ?? []) context.Reporter.Notice(problem);
        if (!import.Succeeded && !(outcome is not null && outcome.OnlyAnnounced(takeover.Plan!)))
        {
            var reasons = outcome is { Ran: false, Plan.Supported: false } ? $": {string.Join("; ", outcome.Plan.NotMoved?.Select(ImportPlan.Describe) ?? [])}"
                : Crash(import.StandardError) is { } crash ? $": {crash}" : "";
            throw new InstallerException($"the import failed (exit code {import.ExitCode}){reasons}; Quay's files were only read");
        }
        takeover.LiveTags = outcome?.Plan.LiveTags ?? [];
        // Opening the registry made its init user with a generated password; mirror-registry's own init user (of the same
        // name, as mirror-registry installs it) then took its Quay password, so the file would only mislead.
        await context.RunCheckedAsync($"rm -f {Shell.Quote(layout.InitPasswordFile)}", "removing the generated init password", cancellationToken);
        if (layout.IsSystem)
        {
            var data = Shell.Quote(layout.DataDirectory);
            await context.RunCheckedAsync($"find {data} -xdev \\( -type d -o -links 1 \\) -exec chown {InstallLayout.ServiceUser}:{InstallLayout.ServiceUser} {{}} + "
                + $"&& find {data} -xdev -type f -links +1 -exec chmod a+r {{}} +", "giving the imported data to the service user", cancellationToken);
        }
        await context.RelabelAsync(layout.DataDirectory, cancellationToken);
        context.Reporter.Ok($"imported into {layout.DataDirectory}{(takeover.Linked ? " (blobs hard-linked)" : "")}");
    }

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// What an import that died of an exception says it was (a full disk, say): the runtime's "Unhandled exception." line,
    /// where the last lines are only its stack.
    /// </summary>
    private static string? Crash(string standardError) =>
        standardError.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Unhandled exception.", StringComparison.Ordinal)) is { } line
            ? line["Unhandled exception.".Length..].Trim()
            : null;
}
