using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Appliance.Core.Audit;
using Appliance.Core.Configuration;
using Appliance.Core.Quotas;
using Appliance.Registry.Audit;
using Appliance.Registry.ConsoleApi;

namespace Appliance.Registry.Cli;

/// <summary><c>quota set|show|clear</c>: namespace size limits, working on the data directory (or the replicas' database).</summary>
public static class QuotaCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CommonOptions common)
    {
        var @namespace = new Argument<string?>("NAMESPACE")
        {
            Description = "the namespace: the first path component of its repositories (ocp4 for ocp4/openshift/release)", Arity = ArgumentArity.ZeroOrOne,
        };
        var isDefault = new Option<bool>("--default") { Description = "the default quota, for every namespace without one of its own" };
        var limit = new Option<long>("--limit")
        {
            Description = $"the size limit, e.g. {ByteSizes.Examples}", HelpName = "size", Required = true, CustomParser = ParseSize,
        };
        var warn = new Option<int>("--warn")
        {
            Description = "warn (log, audit, metric, console banner) from this percentage of the limit", HelpName = "percent",
            DefaultValueFactory = _ => Quota.DefaultWarnPercent,
        };
        var reject = new Option<int>("--reject")
        {
            Description = "refuse pushes from this percentage of the limit (above 100: a soft limit)", HelpName = "percent",
            DefaultValueFactory = _ => Quota.DefaultRejectPercent,
        };
        var json = new Option<bool>("--json") { Description = "print the quotas as JSON, as the console API gives them" };

        var set = new Command("set", "set a namespace's quota (or the default), replacing the one it had") { @namespace, isDefault, limit, warn, reject };
        set.SetAction((parse, cancellationToken) => WithQuotasAsync(common, parse, cancellationToken, async (quotas, audit) =>
        {
            var name = Target(parse, @namespace, isDefault);
            var quota = new Quota(parse.GetValue(limit), parse.GetValue(warn), parse.GetValue(reject));
            if (!await quotas.SetAsync(name, quota, cancellationToken))
            {
                Console.Error.WriteLine($"{Describe(name)} has this quota already: {quota}");
                return;
            }
            await audit.RecordLocalAsync(AuditActions.QuotaSet, repository: name, detail: quota.ToString());
            Console.Error.WriteLine($"{Describe(name)}: {quota}");
        }));

        var clear = new Command("clear", "remove a namespace's own quota (the default then applies to it, if set), or the default") { @namespace, isDefault };
        clear.SetAction((parse, cancellationToken) => WithQuotasAsync(common, parse, cancellationToken, async (quotas, audit) =>
        {
            var name = Target(parse, @namespace, isDefault);
            await quotas.ClearAsync(name, cancellationToken);
            await audit.RecordLocalAsync(AuditActions.QuotaClear, repository: name);
            Console.Error.WriteLine($"{Describe(name)}: no quota of its own");
        }));

        var show = new Command("show", "show the quotas and the namespaces' use (unique bytes: a blob several repositories share counts once)")
        {
            @namespace, json,
        };
        show.SetAction((parse, cancellationToken) => WithQuotasAsync(common, parse, cancellationToken, async (quotas, _) =>
        {
            var snapshot = await quotas.ReadAsync(cancellationToken);
            var statuses = parse.GetValue(@namespace) is { } name
                ? snapshot.StatusOf(name) is { } one ? [one] : throw new InvalidOperationException(
                    $"no quota applies to namespace {name} (it uses {ByteSizes.Format(snapshot.UsedBytes(name))}); set one with quota set {name} --limit 20GiB")
                : snapshot.Statuses();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(statuses.Select(QuotaJson.From), Json));
                return;
            }
            if (parse.GetValue(@namespace) is null)
            {
                Console.WriteLine(snapshot.Default is { } fallback ? $"default: {fallback}" : "default: none (namespaces without a quota have no limit)");
            }
            foreach (var status in statuses)
            {
                Console.WriteLine($"{status.Namespace,-32} {ByteSizes.Format(status.UsedBytes),9} of {ByteSizes.Format(status.Quota.LimitBytes),-9} "
                                  + $"{status.Percent,4}%  {QuotaJson.StateName(status.State),-9} {(status.IsDefault ? "(default) " : "")}"
                                  + $"warn {status.Quota.WarnPercent}%, reject {status.Quota.RejectPercent}%");
            }
        }));

        return new Command("quota", "limit the size of namespaces (unique bytes), warn and refuse pushes near the limit") { set, show, clear };
    }

    private static string Target(ParseResult parse, Argument<string?> @namespace, Option<bool> isDefault) =>
        (parse.GetValue(@namespace), parse.GetValue(isDefault)) switch
        {
            ({ } name, false) => name,
            (null, true) => NamespaceQuota.Default,
            _ => throw new ArgumentException("give a NAMESPACE or --default"),
        };

    private static string Describe(string @namespace) => @namespace == NamespaceQuota.Default ? "default quota" : $"namespace {@namespace}";

    private static long ParseSize(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (ByteSizes.TryParse(text, out var value)) return value;
        result.AddError($"--limit: '{text}' is not a size; write for example {ByteSizes.Examples}");
        return 0;
    }

    private static Task<int> WithQuotasAsync(CommonOptions common, ParseResult parse, CancellationToken cancellationToken,
        Func<QuotaService, AuditTrail, Task> action) =>
        OfflineRegistry.RunAsync("quota", common, parse, cancellationToken, services =>
            action(services.GetRequiredService<QuotaService>(), services.GetRequiredService<AuditTrail>()));
}
