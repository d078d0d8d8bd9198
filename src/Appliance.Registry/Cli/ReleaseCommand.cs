using System.CommandLine;
using Appliance.Core.ClusterConfig;
using Appliance.Core.Releases;
using Appliance.Registry.Tls;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>release check REFERENCE [--source SOURCE=MIRROR]...</c>: is every component image of a mirrored OpenShift release in
/// this registry? Works on the data directory like <c>verify</c>, also while the server runs. Exit 0 complete, 1 incomplete
/// (or the release's own content is damaged), 2 bad input.
/// </summary>
public static class ReleaseCommand
{
    public static Command Create(CommonOptions common)
    {
        var reference = new Argument<string>("reference")
        {
            Description = "[HOST[:PORT]/]REPOSITORY(:TAG|@DIGEST) of the release image or multi-arch release index",
        };
        var sources = new Option<string[]>("--source")
        {
            Description = "SOURCE=MIRROR: images under SOURCE are mirrored under MIRROR (repeatable; the longest SOURCE wins), "
                + "e.g. quay.io/openshift-release-dev=registry.example.com:8443/ocp4",
        };
        var fill = new Option<bool>("--fill") { Description = "copy the components the check finds missing from the upstreams their repositories mirror" };
        var check = new Command("check", "check that every component image of a release is mirrored here; exit 0 only when complete")
        {
            reference, sources, fill,
        };
        check.TreatUnmatchedTokensAsErrors = false;
        check.SetAction(async (parse, cancellationToken) =>
        {
            if (ParseInput("release check", parse, reference, sources) is not { } input) return UsageError.ExitCode;
            var (release, pairs) = input;

            if (parse.GetValue(fill)) return await ReleaseMirrorCommand.RunAsync(common, parse, "release check --fill", release, pairs, [], cancellationToken);
            await using var registry = await OfflineRegistry.OpenAsync(common.HostArguments(parse), cancellationToken);
            var names = registry.Services.GetRequiredService<RegistryNames>();
            try
            {
                var report = await registry.Services.GetRequiredService<ReleaseChecker>()
                    .CheckAsync(release, new MirrorMap(pairs, names.Includes), new Progress(), cancellationToken);
                Print(report);
                return report.IsComplete ? 0 : 1;
            }
            catch (ReleaseCheckException e)
            {
                Console.Error.WriteLine($"release check: {e.Message}");
                return e.Failure == ReleaseCheckFailure.Damaged ? 1 : UsageError.ExitCode;
            }
        });
        return new Command("release", "OpenShift release images in this registry") { check, ReleaseMirrorCommand.Create(common, reference, sources) };
    }

    /// <summary>The release reference and the --source pairs; null, after saying why on stderr, when either cannot be used.</summary>
    internal static (ImageReference Release, MirrorSource[] Pairs)? ParseInput(string command, ParseResult parse, Argument<string> reference,
        Option<string[]> sources)
    {
        try
        {
            return (ImageReference.Parse(parse.GetValue(reference)!), (parse.GetValue(sources) ?? []).Select(MirrorSource.Parse).ToArray());
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
            return null;
        }
    }

    internal static void Print(ReleaseCheckReport report)
    {
        Console.WriteLine($"release {report.Reference} ({report.Repository}@{report.Digest})");
        foreach (var payload in report.Payloads)
        {
            var label = payload.Platform is null ? "" : $"{payload.Platform}: ";
            Console.WriteLine($"{label}version {payload.Version}: {payload.Components} components, {payload.Present} present, {payload.Missing.Count} missing");
            foreach (var missing in payload.Missing) Console.WriteLine($"missing: {missing.Name} {missing.Source} -> {missing.Mirror}");
        }
        foreach (var absent in report.AbsentPlatforms) Console.WriteLine($"{absent.Platform}: not mirrored ({absent.Digest}), not checked");
        if (report.Payloads.Count == 0) Console.WriteLine("no platform of this release is mirrored");
        Console.WriteLine(report.IsComplete ? "complete" : "incomplete");
    }

    /// <summary>Progress goes to stderr, so stdout stays the report.</summary>
    internal sealed class Progress : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine(value);
    }
}
