using System.CommandLine;
using Appliance.Core.Storage;
using Appliance.Registry.Hosting;
using Appliance.Registry.Configuration;
using Appliance.Storage.Postgres;
using Appliance.Storage.S3;
using Microsoft.Extensions.Options;

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
            var problems = 0;
            foreach (var (engine, check) in Checks(configuration))
            {
                try
                {
                    Console.WriteLine($"{engine}: {await check(cancellationToken)}");
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

    private static IEnumerable<(string Engine, Func<CancellationToken, Task<string>> Check)> Checks(IConfiguration configuration)
    {
        if (StorageRegistration.UsesPostgres(configuration))
        {
            yield return ("metadata", async cancellationToken =>
            {
                await using var services = Services(configuration);
                return (await services.GetRequiredService<PostgresDatabase>().CheckAsync(cancellationToken)).ToString();
            });
        }
        if (string.Equals(configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.Driver, "s3", StringComparison.OrdinalIgnoreCase))
        {
            yield return ("storage", async cancellationToken =>
            {
                await using var services = Services(configuration);
                await services.GetRequiredService<IBlobStore>().ProbeAsync(cancellationToken);
                var s3 = services.GetRequiredService<IOptions<S3StorageOptions>>().Value;
                return $"bucket {s3.Bucket} at {(s3.Endpoint is { Length: > 0 } endpoint ? endpoint : $"AWS S3 ({s3.Region})")} takes writes";
            });
        }
    }

    private static ServiceProvider Services(IConfiguration configuration) => StorageEngines.Services(configuration).BuildServiceProvider();
}
