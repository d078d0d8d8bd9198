using System.CommandLine;
using Appliance.Core.Storage;
using Appliance.Registry.Hosting;

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
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = RegistryHost.LoadConfiguration(common.HostArguments(parse));
            await using var services = StorageEngines.Services(configuration).BuildServiceProvider();
            var target = Path.GetFullPath(parse.GetValue(destination)!);
            Console.WriteLine(await services.GetRequiredService<IMetadataBackup>().BackupAsync(target, cancellationToken));
            return 0;
        });
        return command;
    }
}
