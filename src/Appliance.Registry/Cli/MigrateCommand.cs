using Appliance.Core.Configuration;
using System.CommandLine;
using Appliance.Core.Integrity;
using Appliance.Core.Migration;
using Appliance.Registry.Hosting;
using Appliance.Registry.Configuration;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>migrate --to-config FILE</c>: copies this (stopped) registry's metadata and blobs into the storage engines FILE names,
/// then verifies them. Resumable: run it again after an interruption and it skips what the target has.
/// </summary>
public static class MigrateCommand
{
    public static Command Create(CommonOptions common)
    {
        var targetConfig = new Option<string>("--to-config")
        {
            Description = "registry config YAML naming the target: storage.driver and storage.s3.*, metadata.driver, connectionString, passwordFile",
            Required = true,
        };
        var sample = new Option<int>("--verify-sample")
        {
            Description = "blobs re-hashed on the target at the end (every blob's size is checked regardless)", DefaultValueFactory = _ => 100,
        };
        var command = new Command("migrate", "copy users, robot accounts, groups, grants, repositories, manifests, tags, links, audit trail and "
            + "blobs to other storage engines (e.g. S3 and PostgreSQL), then verify them; the registry must be stopped")
        {
            targetConfig, sample,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var hostArguments = common.HostArguments(parse);
            var dataDirectory = RegistryHost.LoadConfiguration(hostArguments).GetSection(StorageOptions.Section).Get<StorageOptions>()?.DataDirectory
                ?? new StorageOptions().DataDirectory;
            using var sourceStaysStopped = DataDirectoryLock.HoldExclusively(dataDirectory);
            var file = parse.GetValue(targetConfig)!;
            ServiceProvider target;
            try
            {
                target = await StorageEngines.OpenAsync(file, cancellationToken);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or FormatException)
            {
                Console.Error.WriteLine($"migrate: target {file}: {e.Message}; nothing was copied");
                return 2;
            }
            await using var _ = target;
            await using var source = await OfflineRegistry.OpenAsync(hostArguments, cancellationToken);
            var (from, to) = (StorageEngines.StoresOf(source.Services), StorageEngines.StoresOf(target));

            Console.Error.WriteLine($"migrate: copying the registry in {Path.GetFullPath(dataDirectory)} to the engines of {file}");
            var report = await source.Services.GetRequiredService<RegistryMigration>()
                .CopyAsync(from, to, new MigrationProgressLine(TimeProvider.System), cancellationToken);
            PrintSummary(report);

            Console.Error.WriteLine("migrate: verifying the target");
            var verification = await source.Services.GetRequiredService<TargetVerification>()
                .RunAsync(from, to, target.GetRequiredService<BlobVerifier>(), parse.GetValue(sample), cancellationToken);
            PrintVerification(verification);
            return verification.IsClean ? 0 : 1;
        });
        return command;
    }

    private static void PrintSummary(MigrationReport report)
    {
        Console.Error.WriteLine("migrate: copied (already in the target, skipped):");
        Console.Error.WriteLine($"  users          {Count(report.Users)}");
        Console.Error.WriteLine($"  robot accounts {Count(report.Robots)}");
        Console.Error.WriteLine($"  groups         {Count(report.Groups)}");
        Console.Error.WriteLine($"  grants         {Count(report.Grants)}");
        Console.Error.WriteLine($"  blobs          {Count(report.Blobs)}, {ByteSizes.Format(report.BlobBytes.Copied)} ({ByteSizes.Format(report.BlobBytes.Skipped)})");
        Console.Error.WriteLine($"  repositories   {report.Repositories}");
        Console.Error.WriteLine($"  links          {Count(report.Links)}");
        Console.Error.WriteLine($"  manifests      {Count(report.Manifests)}, {report.Tags} tags set");
        Console.Error.WriteLine($"  audit events   {Count(report.AuditEvents)}");
        foreach (var problem in report.SourceProblems) Console.Error.WriteLine($"  source problem: {problem}");
    }

    private static string Count(CopyCount count) => $"{count.Copied} ({count.Skipped})";

    private static void PrintVerification(TargetVerificationReport verification)
    {
        foreach (var difference in verification.Differences) Console.WriteLine($"differs: {difference}");
        var blobs = verification.Blobs;
        foreach (var (problem, digests) in new[] { ("missing", blobs.Missing), ("wrong size", blobs.WrongSize), ("corrupt", blobs.Corrupt), ("orphan file", blobs.Orphans) })
        {
            foreach (var digest in digests) Console.WriteLine($"{problem}: {digest}");
        }
        Console.WriteLine($"target: every blob's size checked, {blobs.Checked} re-hashed: {(verification.IsClean ? "clean" : "problems found")}");
    }
}
