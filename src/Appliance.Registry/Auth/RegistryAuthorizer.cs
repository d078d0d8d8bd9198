using Appliance.Core.Auth;
using Appliance.Core.Errors;
using Appliance.Core.Identity;
using Appliance.Registry.Api;

namespace Appliance.Registry.Auth;

/// <summary>
/// Decides, before a handler runs, whether the caller may do what the request asks. Answers 401
/// with a token challenge when better credentials could help, 403 DENIED when they cannot.
/// </summary>
public sealed class RegistryAuthorizer(CallerResolver resolver, AuthChallenge challenge, PrincipalLookup principals, CallerAccess access)
{
    /// <summary>The caller when allowed; null when the response (401/403/429) has been written.</summary>
    /// <param name="alsoChallenge">A scope the request can use besides its own (a mount's source), named in any challenge.</param>
    public async Task<RegistryCaller?> AuthorizeRepositoryAsync(HttpContext context, string repository, string action,
        AccessScope? alsoChallenge = null)
    {
        var scope = new AccessScope(AccessScope.Repository, repository, action == RegistryAction.Pull ? [action] : [RegistryAction.Pull, action]);
        AccessScope[] scopes = alsoChallenge is null ? [scope] : [scope, alsoChallenge];
        var caller = await ResolveAsync(context, scopes);
        if (caller is null) return null;
        if (caller.Can(repository, action)) return Allow(context, caller);
        // Without credentials (or with an anonymous token), logging in could help.
        if (caller.IsAnonymous || caller.HasToken && caller.UserName is null)
        {
            await challenge.WriteAsync(context, scopes, "authentication required");
            return null;
        }
        // The token's holder may have been given more since it was issued: a new token would carry it.
        if (caller.HasToken && caller.UserName is { } name && await PrincipalOfAsync(name, context) is { } principal
            && await access.PermitsAsync(principal, repository, action, context.RequestAborted))
        {
            await challenge.WriteAsync(context, scopes, $"the token does not grant {action} on {repository}", "insufficient_scope");
            return null;
        }
        await OciError.WriteAsync(context, OciErrorCode.Denied, $"{caller.UserName ?? "anonymous"} may not {action} {repository}",
            new[] { new { Type = AccessScope.Repository, Name = repository, Action = action } });
        return null;
    }

    /// <summary>The version check and the catalog: any authenticated caller (or anyone, with anonymous pull).</summary>
    public async Task<RegistryCaller?> AuthorizeRegistryAsync(HttpContext context, bool catalog)
    {
        AccessScope[] scopes = catalog ? [new AccessScope(AccessScope.Registry, AccessScope.Catalog, [RegistryAction.All])] : [];
        var caller = await ResolveAsync(context, scopes);
        if (caller is null) return null;
        if (catalog ? caller.CanListCatalog : caller.IsUnrestricted || !caller.IsAnonymous || caller.Can("", RegistryAction.Pull))
        {
            return Allow(context, caller);
        }
        await challenge.WriteAsync(context, scopes, "authentication required");
        return null;
    }

    /// <summary>Maintenance endpoints: admins only (everyone when authentication is off).</summary>
    public async Task<RegistryCaller?> AuthorizeAdminAsync(HttpContext context)
    {
        var caller = await ResolveAsync(context, []);
        if (caller is null) return null;
        if (caller.IsUnrestricted || caller.Role == Role.Admin
            || caller.HasToken && caller.UserName is { } name && (await PrincipalOfAsync(name, context))?.Role == Role.Admin)
        {
            return Allow(context, caller);
        }
        if (caller.IsAnonymous)
        {
            await challenge.WriteAsync(context, [], "authentication required");
            return null;
        }
        await OciError.WriteAsync(context, OciErrorCode.Denied, $"{caller.UserName} is not an admin");
        return null;
    }

    /// <summary><c>/metrics</c>: admins and the metrics role (everyone when authentication is off).</summary>
    public async Task<RegistryCaller?> AuthorizeMetricsAsync(HttpContext context)
    {
        var caller = await ResolveAsync(context, []);
        if (caller is null) return null;
        var role = caller.Role ?? (caller.HasToken && caller.UserName is { } name ? (await PrincipalOfAsync(name, context))?.Role : null);
        if (caller.IsUnrestricted || role is Role.Admin or Role.Metrics) return Allow(context, caller);
        if (caller.IsAnonymous)
        {
            await challenge.WriteAsync(context, [], "authentication required");
            return null;
        }
        await OciError.WriteAsync(context, OciErrorCode.Denied, $"{caller.UserName} may not read metrics (admin or metrics role)");
        return null;
    }

    private async Task<RegistryCaller?> ResolveAsync(HttpContext context, IReadOnlyList<AccessScope> scopes)
    {
        var caller = await resolver.ResolveAsync(context);
        if (caller is null) await challenge.WriteAsync(context, scopes, "invalid credentials or token", "invalid_token");
        return caller;
    }

    /// <summary>The principal a token was issued to, as it is now (a token says what it grants, not who its holder is).</summary>
    private Task<Principal?> PrincipalOfAsync(string name, HttpContext context) => principals.FindAsync(name, context.RequestAborted);

    private static RegistryCaller Allow(HttpContext context, RegistryCaller caller)
    {
        context.Features.Set(caller);
        return caller;
    }
}
