using Appliance.Installer.Installation;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>
/// Stops the registry, then copies the database with the installed server's <c>backup</c> command (SQLite's online
/// backup API: one consistent file, WAL included, nothing needed on the target), and certificates, config, unit and
/// install.json. Stopping first means a rollback loses no push. Undo is the automatic rollback: it restores all of
/// them and starts the previous version again.
/// Metadata in PostgreSQL is not copied (back it up with pg_dump): it is shared by every replica, and the new version
/// migrates its schema when it starts. A rollback leaves that schema migrated; the previous version starts on it, as
/// replicas not yet upgraded do (see the README's "Upgrade replicas").
/// </summary>
public sealed class BackupStep(string fromVersion, string toVersion, bool metadataInPostgres) : IStep
{
    private readonly string stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'");

    public string Title => "Stop the registry and back up database, certificates and config";

    public string Directory(InstallLayout layout) => $"{layout.BackupRoot}/upgrade-{fromVersion}-to-{toVersion}-{stamp}";

    public Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var layout = context.Layout;
        var backup = Shell.Quote(Directory(layout));
        var data = Shell.Quote(layout.DataDirectory);
        await context.RunCheckedAsync($"{layout.Systemctl} stop {InstallLayout.UnitName}", "stopping the registry", cancellationToken);
        await context.RunCheckedAsync(layout.AsServiceUser($"mkdir -p {backup} && cp -a {data}/tls {backup}/"), "backing up the certificates", cancellationToken);
        // 'current' still names the running version here: the binary that knows this database's schema makes the copy.
        if (!metadataInPostgres) (await context.RunRegistryAsync($"backup --to {backup}/registry.db", cancellationToken)).EnsureSuccess("backing up the database");
        await context.RunCheckedAsync($"cp -a {Shell.Quote(layout.ConfigPath)} {Shell.Quote(layout.RecordPath)} {Shell.Quote(layout.UnitPath)} {backup}/",
            "backing up config and unit", cancellationToken);
        context.Reporter.Ok($"backup in {Directory(layout)}");
        if (metadataInPostgres) context.Reporter.Detail("the metadata is in PostgreSQL, shared by the replicas: not copied here (pg_dump it before upgrading the first replica)");
    }

    public async Task UndoAsync(StepContext context, CancellationToken cancellationToken)
    {
        var layout = context.Layout;
        var backup = Shell.Quote(Directory(layout));
        var data = Shell.Quote(layout.DataDirectory);
        await context.RunAsync($"{layout.Systemctl} stop {InstallLayout.UnitName}", cancellationToken);
        var database = metadataInPostgres ? "" : $"{data}/registry.db {data}/registry.db-wal {data}/registry.db-shm ";
        var databaseBackup = metadataInPostgres ? "" : $"{backup}/registry.db* ";
        await context.RunCheckedAsync(layout.AsServiceUser($"rm -rf {database}{data}/tls && cp -a {databaseBackup}{backup}/tls {data}/"),
            "restoring the database and certificates", cancellationToken);
        await context.RunCheckedAsync($"cp -a {backup}/config.yaml {Shell.Quote(layout.ConfigPath)} && cp -a {backup}/install.json {Shell.Quote(layout.RecordPath)} "
            + $"&& cp -a {backup}/{InstallLayout.UnitName} {Shell.Quote(layout.UnitPath)} && {layout.Systemctl} daemon-reload && {layout.Systemctl} start {InstallLayout.UnitName}",
            "restoring config and unit and starting the previous version", cancellationToken);
    }
}
