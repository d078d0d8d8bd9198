using System.CommandLine;
using Appliance.Core.Audit;
using Appliance.Core.Configuration;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Retention;
using Appliance.Registry.Audit;
using Appliance.Registry.Maintenance;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>retention set|show|clear|dry-run|run</c>: the retention policies, and applying them, on the data directory (safe beside a
/// running server: a run holds the garbage collector's claim).
/// </summary>
public static class RetentionCommand
{
    public static Command Create(CommonOptions common)
    {
        var scope = new Option<string>("--scope")
        {
            Description = "a namespace (ocp4), a namespace prefix (ci-*), * for all, or a repository (openshift/release-images, team/app-*)",
            Required = true,
        };
        var rules = new Option<string[]>("--rule")
        {
            Description = "a rule, in order (repeatable): 'protect TAGS', 'keep-latest N [TAGS]', 'keep-recent AGE [TAGS]', 'remove-untagged AGE'; "
                + "TAGS is a version range (4.16.*, '>=4.16 <4.17') or a regular expression, AGE a duration (30d, 2w)",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var gc = new Option<bool>("--gc") { Description = "start a garbage collection after the run, which gives the space back" };

        var show = new Command("show", "show the policies, one rule a line, in the form --rule takes");
        show.SetAction((parse, cancellationToken) => WithServicesAsync(common, parse, cancellationToken, async services =>
        {
            foreach (var policy in await services.GetRequiredService<IRetentionStore>().ListPoliciesAsync(cancellationToken))
            {
                Console.WriteLine(policy.Scope);
                foreach (var rule in policy.Rules) Console.WriteLine($"  {RetentionRuleText.FormatLine(rule)}");
            }
        }));

        var set = new Command("set", "set the rules of a scope, replacing its earlier ones") { scope, rules };
        set.SetAction((parse, cancellationToken) => WithServicesAsync(common, parse, cancellationToken, async services =>
        {
            RetentionPolicy policy;
            try
            {
                policy = new RetentionPolicy(parse.GetValue(scope)!, parse.GetValue(rules)!.Select(RetentionRuleText.ParseLine).ToList());
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"--rule {e.Message}", e);
            }
            if (policy.Problem() is { } problem) throw new ArgumentException(problem);
            await services.GetRequiredService<IRetentionStore>().SetPolicyAsync(policy, cancellationToken);
            await services.GetRequiredService<AuditTrail>().RecordLocalAsync(AuditActions.RetentionSet, detail: Describe(policy));
            Console.Error.WriteLine($"retention policy of {policy.Scope} set; see what it would remove with: appliance-registry retention dry-run");
        }));

        var clear = new Command("clear", "remove the policy of a scope") { scope };
        clear.SetAction((parse, cancellationToken) => WithServicesAsync(common, parse, cancellationToken, async services =>
        {
            var name = parse.GetValue(scope)!;
            if (!await services.GetRequiredService<IRetentionStore>().ClearPolicyAsync(name, cancellationToken))
            {
                throw new ArgumentException($"there is no policy for {name}");
            }
            await services.GetRequiredService<AuditTrail>().RecordLocalAsync(AuditActions.RetentionClear, detail: name);
        }));

        var dryRun = new Command("dry-run", "list what a run would remove (tags and manifests, with the bytes the next GC frees) and what each rule keeps");
        dryRun.SetAction((parse, cancellationToken) => RunAsync(common, parse, dryRun: true, collectGarbage: false, cancellationToken));
        var run = new Command("run", "remove what the dry run lists; the space comes back at the next garbage collection (--gc starts one)") { gc };
        run.SetAction((parse, cancellationToken) => RunAsync(common, parse, dryRun: false, parse.GetValue(gc), cancellationToken));

        return new Command("retention", "retention policies: which tags and untagged manifests are removed, per namespace or repository")
        {
            set, show, clear, dryRun, run,
        };
    }

    public static string Describe(RetentionPolicy policy) => $"{policy.Scope}: {string.Join("; ", policy.Rules.Select(RetentionRuleText.FormatLine))}";

    private static Task<int> RunAsync(CommonOptions common, ParseResult parse, bool dryRun, bool collectGarbage, CancellationToken cancellationToken) =>
        WithServicesAsync(common, parse, cancellationToken, async services =>
        {
            RetentionOutcome outcome;
            try
            {
                outcome = await services.GetRequiredService<AuditedRetention>().RunAsync(dryRun, collectGarbage, include: null, Environment.UserName,
                    AuditTrail.LocalAddress, origin: null, cancellationToken);
            }
            catch (Exception e) when (e is RetentionBusyException or GarbageCollectionBusyException)
            {
                throw new InvalidOperationException(e.Message, e);
            }
            var report = outcome.Report;
            foreach (var keep in report.Plan.Kept)
            {
                Console.WriteLine($"keep    {keep.Repository}{(keep.Tag is null ? "@" + keep.Digest : ":" + keep.Tag)}  ({(keep.Rule is { } r ? $"rule {r}: " : "")}{keep.Reason})");
            }
            foreach (var removal in report.Plan.Removals)
            {
                var size = removal.Tag is null ? $" {ByteSizes.Format(removal.Bytes)}" : "";
                Console.WriteLine($"remove  {removal.Repository}{(removal.Tag is null ? "@" + removal.Digest : ":" + removal.Tag)}{size}  ({removal.Reason})");
            }
            Console.WriteLine($"{(dryRun ? "would remove" : "removed")}: {report.Plan.Removals.Count(r => r.Tag is not null)} tags and "
                + $"{report.Plan.Removals.Count(r => r.Tag is null)} manifests in {report.Plan.Repositories} repositories with a policy; "
                + $"{ByteSizes.Format(report.Plan.Bytes)} for the next garbage collection"
                + (report.Skipped.Count > 0 ? $"; {report.Skipped.Count} changed meanwhile and were kept" : ""));
            if (outcome.Collection is { } collection)
            {
                Console.WriteLine($"garbage collection: {collection.BlobsRemoved} blobs ({ByteSizes.Format(collection.BytesReclaimed)}) removed");
            }
        });

    private static Task<int> WithServicesAsync(CommonOptions common, ParseResult parse, CancellationToken cancellationToken, Func<IServiceProvider, Task> action) =>
        OfflineRegistry.RunAsync("retention", common, parse, cancellationToken, action);
}
