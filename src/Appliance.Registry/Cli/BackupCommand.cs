using System.CommandLine;
using Appliance.Registry.Hosting;
using Appliance.Registry.Configuration;
using Appliance.Storage.Sqlite;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>backup --to FILE</c>: a consistent copy of the metadata database (the installer's upgrade takes one before it
/// switches versions). It reads the configuration only: opening the registry would apply this binary's schema
/// migrations to the database being backed up.
/// </summary>
public static class BackupCommand
{
    public static Command Create(CommonOptions common)
    {
        var destination = new Option<string>("--to") { Description = "file to write the copy of registry.db to; must not exist", Required = true };
        var command = new Command("backup", "copy the metadata database with SQLite's online backup API (safe while the registry runs)") { destination };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            var configuration = RegistryHost.LoadConfiguration(common.HostArguments(parse));
            if (StorageRegistration.UsesPostgres(configuration))
            {
                throw new InvalidDataException("backup copies the SQLite database; the metadata is in PostgreSQL (metadata.driver postgres): use pg_dump");
            }
            var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
            var target = Path.GetFullPath(parse.GetValue(destination)!);
            var bytes = SqliteBackup.Copy(Path.GetFullPath(storage.DatabasePath), target);
            Console.WriteLine($"backed up {storage.DatabasePath} ({bytes} bytes) to {target}");
            return 0;
        });
        return command;
    }
}
