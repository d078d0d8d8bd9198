using Appliance.Core.Audit;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Identity;
using Appliance.Core.Retention;
using Appliance.Registry.Audit;
using Appliance.Registry.Auth;
using Appliance.Registry.Cli;
using Appliance.Registry.Maintenance;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// <c>/api/v1/retention</c>: the retention policies, a dry run and a run. Registry admins see and change every policy and run
/// them all; a namespace admin the policies of the namespaces it administers (scopes inside one namespace), and its runs remove
/// only from those (<see cref="ManagedNamespaces"/>).
/// </summary>
public static class RetentionApi
{
    /// <summary>Rules as objects (<see cref="RetentionRuleText"/>) or as lines the way the command line writes them (the console's form).</summary>
    public sealed record PolicyRequest(string? Scope, IReadOnlyList<RetentionRuleText>? Rules, IReadOnlyList<string>? Lines);

    public sealed record RunRequest(bool Gc);

    public static async Task<IResult> ListAsync(HttpContext context, IRetentionStore store, CallerAccess access, CancellationToken cancel)
    {
        var managed = await ManagedNamespaces.OfAsync(context, access);
        if (managed.Refusal is { } refused) return refused;
        return Results.Ok((await store.ListPoliciesAsync(cancel)).Where(p => managed.Covers(p.Namespace)).Select(ToJson));
    }

    public static async Task<IResult> SetAsync(HttpContext context, PolicyRequest request, IRetentionStore store, CallerAccess access, AuditTrail audit)
    {
        RetentionPolicy policy;
        try
        {
            var rules = request.Lines is { } lines ? lines.Select(RetentionRuleText.ParseLine) : (request.Rules ?? []).Select(r => r.ToRule());
            policy = new RetentionPolicy(request.Scope?.Trim() ?? "", rules.ToList());
        }
        catch (FormatException e)
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, e.Message);
        }
        if (policy.Problem() is { } problem) return ConsoleProblem.Of(StatusCodes.Status400BadRequest, problem);
        var managed = await ManagedNamespaces.OfAsync(context, access);
        if (managed.RefusalFor(policy.Namespace) is { } refused) return refused;
        await store.SetPolicyAsync(policy, context.RequestAborted);
        RepositoriesApi.Record(context, audit, AuditActions.RetentionSet, null, null, RetentionCommand.Describe(policy));
        return Results.Ok(ToJson(policy));
    }

    public static async Task<IResult> ClearAsync(HttpContext context, IRetentionStore store, CallerAccess access, AuditTrail audit, string? scope)
    {
        var name = scope ?? throw new ArgumentException("scope is required");
        var managed = await ManagedNamespaces.OfAsync(context, access);
        if (managed.RefusalFor(new RetentionPolicy(name, []).Namespace) is { } refused) return refused;
        if (!await store.ClearPolicyAsync(name, context.RequestAborted)) return ConsoleProblem.Of(StatusCodes.Status404NotFound, $"there is no policy for {name}");
        RepositoriesApi.Record(context, audit, AuditActions.RetentionClear, null, null, name);
        return Results.NoContent();
    }

    public static Task<IResult> DryRunAsync(HttpContext context, AuditedRetention retention, CallerAccess access) =>
        RunAsync(context, new RunRequest(false), dryRun: true, retention, access);

    public static Task<IResult> RunAsync(HttpContext context, RunRequest request, AuditedRetention retention, CallerAccess access) =>
        RunAsync(context, request, dryRun: false, retention, access);

    private static async Task<IResult> RunAsync(HttpContext context, RunRequest request, bool dryRun, AuditedRetention retention, CallerAccess access)
    {
        var managed = await ManagedNamespaces.OfAsync(context, access);
        if (managed.Refusal is { } refused) return refused;
        // Only registry admins start a garbage collection: it acts on the whole registry.
        if (request.Gc && !managed.IsRegistryAdmin) return ConsoleProblem.Of(StatusCodes.Status403Forbidden, "only registry admins start a garbage collection");
        Func<string, bool>? include = managed.IsRegistryAdmin ? null : repository => managed.Covers(NamespacePattern.Of(repository));
        try
        {
            var outcome = await retention.RunAsync(dryRun, request.Gc, include, context.Features.Get<ConsoleCaller>()?.Name,
                CallerResolver.ClientAddress(context), "from the console", context.RequestAborted);
            return Results.Ok(outcome.ToJson());
        }
        catch (Exception busy) when (busy is RetentionBusyException or GarbageCollectionBusyException)
        {
            return ConsoleProblem.Of(StatusCodes.Status409Conflict, busy.Message);
        }
    }

    private static object ToJson(RetentionPolicy policy) => new
    {
        policy.Scope, @namespace = policy.Namespace, rules = policy.Rules.Select(RetentionRuleText.Of),
        lines = policy.Rules.Select(RetentionRuleText.FormatLine), policy.UpdatedAt,
    };
}
