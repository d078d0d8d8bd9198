using Appliance.Core.Auth;
using Appliance.Registry.Auth;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// Which grants and robot accounts a console caller manages: a registry admin all of them; a namespace admin (admin there by
/// its own or its groups' grants) those of the namespaces it administers, each named exactly. A pattern with '*' reaches
/// namespaces it may not administer, so only registry admins grant on patterns. Lists show a namespace admin only these.
/// </summary>
public sealed class ManagedNamespaces
{
    private readonly ConsoleCaller _caller;
    private readonly Func<string, bool> _administers;

    private ManagedNamespaces(ConsoleCaller caller, Func<string, bool> administers, IResult? refusal)
    {
        _caller = caller;
        _administers = administers;
        Refusal = refusal;
    }

    /// <summary>Set when the caller may not use these pages at all: anonymous (401), or administering no namespace (403).</summary>
    public IResult? Refusal { get; }

    public bool IsRegistryAdmin => _caller.Role == Role.Admin;

    public static async Task<ManagedNamespaces> OfAsync(HttpContext context, CallerAccess access)
    {
        var caller = context.Features.Get<ConsoleCaller>()!;
        if (caller.Role == Role.Admin) return new ManagedNamespaces(caller, _ => true, null);
        if (caller.IsAnonymous) return new ManagedNamespaces(caller, _ => false, ConsoleProblem.Of(StatusCodes.Status401Unauthorized, "log in first"));
        var administered = await access.AdministeredPatternsAsync(caller.Principal, context.RequestAborted);
        var refusal = administered is { Count: 0 }
            ? ConsoleProblem.Of(StatusCodes.Status403Forbidden, $"{caller.Name} may not do this: it needs the admin role, or admin on a namespace")
            : null;
        return new ManagedNamespaces(caller, await access.AdministersAsync(caller.Principal, context.RequestAborted), refusal);
    }

    /// <summary>Whether the caller manages grants on <paramref name="pattern"/>, or the robots a namespace of that name owns.</summary>
    public bool Covers(string pattern) => IsRegistryAdmin || !pattern.Contains('*') && _administers(pattern);

    /// <summary>The refusal when the caller may not manage grants on <paramref name="pattern"/> (or robots of that namespace); null when it may.</summary>
    public IResult? RefusalFor(string pattern) => Refusal ?? (Covers(pattern) ? null : Refused(pattern));

    private IResult Refused(string pattern) => ConsoleProblem.Of(StatusCodes.Status403Forbidden, pattern.Contains('*')
        ? $"only registry admins grant on namespace patterns such as '{pattern}'"
        : $"{_caller.Name} does not administer namespace '{pattern}'");
}
