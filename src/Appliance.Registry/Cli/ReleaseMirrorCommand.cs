using System.CommandLine;
using System.Diagnostics;
using Appliance.Core.Audit;
using Appliance.Core.ClusterConfig;
using Appliance.Core.Releases;
using Appliance.Core.Upstreams;
using Appliance.Registry.Audit;
using Appliance.Registry.Tls;
using Appliance.Upstream;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>release mirror REFERENCE [--source SOURCE=MIRROR]... [--platform OS/ARCH]...</c>: copies a release and every component
/// of its payload from the configured upstreams, then checks it; <c>release check --fill</c> copies only what is missing.
/// Exit 0 when the release is complete afterwards, 1 when images could not be copied or are still missing, 2 bad input.
/// </summary>
public static class ReleaseMirrorCommand
{
    public static Command Create(CommonOptions common, Argument<string> reference, Option<string[]> sources)
    {
        var platforms = new Option<string[]>("--platform")
        {
            Description = "OS/ARCH[/VARIANT] of a multi-arch release index to copy (repeatable; all when not given)",
        };
        var mirror = new Command("mirror", "copy a release image and every component of its payload from the upstreams, then check it")
        {
            reference, sources, platforms,
        };
        mirror.TreatUnmatchedTokensAsErrors = false;
        mirror.SetAction(async (parse, cancellationToken) =>
        {
            if (ReleaseCommand.ParseInput("release mirror", parse, reference, sources) is not { } input) return UsageError.ExitCode;
            var (release, pairs) = input;
            return await RunAsync(common, parse, "release mirror", release, pairs, parse.GetValue(platforms) ?? [], cancellationToken);
        });
        return mirror;
    }

    /// <param name="platforms">Empty for a fill: it copies what the check finds missing, whatever the platform.</param>
    internal static async Task<int> RunAsync(CommonOptions common, ParseResult parse, string command, ImageReference release, MirrorSource[] pairs,
        IReadOnlyList<string> platforms, CancellationToken cancellationToken)
    {
        await using var registry = await OfflineRegistry.OpenAsync(common.HostArguments(parse), cancellationToken);
        if (registry.Services.GetService<UpstreamOptions>() is not { } upstreams)
        {
            Console.Error.WriteLine($"{command}: no upstreams are configured (upstreams:mappings)");
            return UsageError.ExitCode;
        }
        var names = registry.Services.GetRequiredService<RegistryNames>();
        var mirror = registry.Services.GetRequiredService<ReleaseMirror>();
        // Without --source the upstream mappings say where releases and components go, as they say where they come from.
        var map = mirror.MapOf(pairs.Length > 0 ? pairs : ReleaseMirror.SourcesOf(upstreams.Mappings), names.Includes);
        var clock = Stopwatch.StartNew();
        ReleaseMirrorReport report;
        try
        {
            report = command == "release mirror"
                ? await mirror.MirrorAsync(release, map, platforms, new ReleaseCommand.Progress(), cancellationToken)
                : await mirror.FillAsync(release, map, platforms, new ReleaseCommand.Progress(), cancellationToken);
        }
        catch (ReleaseCheckException e)
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
            return e.Failure == ReleaseCheckFailure.Damaged ? 1 : UsageError.ExitCode;
        }
        catch (Exception e) when (e is UpstreamException or ImageCopyException or FormatException)
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
            return 1;
        }
        foreach (var signature in report.Signatures) Console.WriteLine($"signature: {signature}");
        foreach (var failure in report.Failures) Console.WriteLine($"not copied: {failure}");
        Console.WriteLine($"{command}: {report.Components} components looked at, {report.Copied} copied; {report.Summary} in {clock.Elapsed.TotalSeconds:0.0} s");
        if (report.Check is { } check) ReleaseCommand.Print(check);
        await registry.Services.GetRequiredService<AuditTrail>().RecordLocalAsync(AuditActions.ReleaseMirror, report.Check?.Repository.Value,
            report.Check?.Digest.ToString(), $"{command} {release}: {report.Copied} of {report.Components} components copied, {report.Failures.Count} failed");
        return report.IsComplete ? 0 : 1;
    }
}
