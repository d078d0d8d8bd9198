using System.CommandLine;
using Appliance.Core.Storage;
using Appliance.Registry.Hosting;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>check-engines</c>: can this host reach the PostgreSQL database and the S3 bucket the config names, with its
/// credentials? The installer's preflight runs it on the target before it changes anything. It opens both engines with
/// the registry's own code but migrates nothing and creates no data directory: it logs in and reads the schema version,
/// and writes and deletes the start-up probe object in the bucket. Prints what it found, then one line per problem on
/// standard error (exit code 1). Engines that need no network (SQLite, the data directory) are not checked.
/// </summary>
public static class CheckEnginesCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("check-engines", "check that the configured PostgreSQL database and S3 bucket can be used from this host, changing nothing");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = RegistryHost.LoadConfiguration(common.HostArguments(parse));
            await using var services = StorageEngines.Services(configuration).BuildServiceProvider();
            var problems = 0;
            foreach (var check in services.GetServices<IStorageEngineCheck>().OrderBy(c => c.Section, StringComparer.Ordinal))
            {
                try
                {
                    Console.WriteLine($"{check.Section}: {await check.CheckAsync(cancellationToken)}");
                }
                catch (Exception e) when (e is InvalidDataException or FileNotFoundException or IOException or FormatException)
                {
                    Console.Error.WriteLine(e.Message);
                    problems++;
                }
            }
            return problems == 0 ? 0 : 1;
        });
        return command;
    }
}
