using Appliance.Core.Configuration;
using System.CommandLine;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Integrity;
using Appliance.Core.Storage;
using Appliance.Registry.Audit;
using Appliance.Registry.Maintenance;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>gc</c> and <c>verify</c> over a data directory. Safe while a server runs on it too: every file
/// deletion happens inside a SQLite write transaction, which serializes it with the server's pushes.
/// </summary>
public static class MaintenanceCommands
{
    public static Command Gc(CommonOptions common)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "report what would be removed without removing anything" };
        var command = new Command("gc", "remove unreferenced blobs, abandoned uploads and (by policy) old untagged manifests; "
            + "policy settings such as --gc:gracePeriod 1h override the config")
        {
            dryRun,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var registry = await OfflineRegistry.OpenAsync(common.HostArguments(parse), cancellationToken);
            var report = await registry.Services.GetRequiredService<AuditedGarbageCollection>()
                .RunAsync(parse.GetValue(dryRun), Environment.UserName, AuditTrail.LocalAddress, origin: null, new ProgressLine(), cancellationToken);
            Console.Error.WriteLine();
            Console.WriteLine($"{(report.DryRun ? "would remove" : "removed")}: {report.ManifestsRemoved} manifests, {report.LinksRemoved} repository links, "
                + $"{report.BlobsRemoved} blobs ({ByteSizes.Format(report.BytesReclaimed)}), {report.UploadsExpired} expired uploads in {report.Duration.TotalSeconds:0.000} s");
            return 0;
        });
        return command;
    }

    public static Command Verify(CommonOptions common)
    {
        var sample = new Option<int?>("--sample") { Description = "re-hash only N randomly chosen blobs" };
        var repair = new Option<bool>("--repair") { Description = "quarantine damaged blobs, forget missing ones, remove orphan files" };
        var tags = new Option<string?>("--tags")
        {
            Description = "also check that every tag FILE lists (- for standard input), one repository:tag@digest a line, resolves here to that digest",
        };
        var command = new Command("verify", "re-hash blobs and check the metadata against the files on disk; exit 0 only when clean") { sample, repair, tags };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Read first: a file that is not there is a usage error, before minutes of hashing.
            var expected = parse.GetValue(tags) is { } file ? await ReadLinesAsync(file, cancellationToken) : null;
            await using var registry = await OfflineRegistry.OpenAsync(common.HostArguments(parse), cancellationToken);
            var report = await registry.Services.GetRequiredService<BlobVerifier>()
                .RunAsync(parse.GetValue(sample), parse.GetValue(repair), new ProgressLine(), cancellationToken);
            Console.Error.WriteLine();
            Print("missing", report.Missing);
            Print("wrong size", report.WrongSize);
            Print("corrupt", report.Corrupt);
            Print("orphan file", report.Orphans);
            var wrongTags = expected is null ? [] : await new ExpectedTags(registry.Services.GetRequiredService<IManifestIndex>()).CheckAsync(expected, cancellationToken);
            foreach (var problem in wrongTags) Console.WriteLine($"tag: {problem}");
            // --repair mends blobs, never tags: a tag that resolves otherwise is a problem left.
            var outcome = wrongTags.Count > 0 ? "problems found" : report.IsClean ? "clean" : report.Repaired ? "problems found and repaired" : "problems found";
            Console.WriteLine($"checked {report.Checked} blobs{(expected is null ? "" : $" and {expected.Count} tags")}: {outcome}");
            return wrongTags.Count == 0 && (report.IsClean || report.Repaired) ? 0 : 1;
        });
        return command;
    }

    private static async Task<IReadOnlyList<string>> ReadLinesAsync(string file, CancellationToken cancellationToken)
    {
        var text = file == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(file, cancellationToken);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static void Print(string problem, IReadOnlyList<Appliance.Core.Content.Digest> digests)
    {
        foreach (var digest in digests) Console.WriteLine($"{problem}: {digest}");
    }

    /// <summary>Rewrites one stderr line with the percentage done, so long runs show they are moving.</summary>
    private sealed class ProgressLine : IProgress<GarbageCollectionProgress>
    {
        public void Report(GarbageCollectionProgress value)
        {
            var percent = value.Total == 0 ? 100 : 100 * value.Done / value.Total;
            Console.Error.Write($"\r{value.Phase}: {value.Done}/{value.Total} ({percent}%)   ");
        }
    }
}
