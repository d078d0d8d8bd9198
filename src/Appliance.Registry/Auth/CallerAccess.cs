using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Auth;

/// <summary>
/// The access decision for listings (catalog, console): which repositories a caller may pull. A bearer token's caller is
/// looked up by the token's subject, as the token says what it grants and not who holds it.
/// </summary>
public sealed class CallerAccess(PrincipalLookup principals, GrantCache grants, IOptions<AuthOptions> options)
{
    /// <summary>Null when the caller may pull everything; otherwise whether it may pull a repository.</summary>
    public async Task<Func<string, bool>?> PullFilterAsync(RegistryCaller? caller, CancellationToken cancellationToken)
    {
        if (caller is null || caller.IsUnrestricted) return null;
        var grantSet = await grants.GetAsync(cancellationToken);
        var principal = caller.Principal ?? (caller.HasToken && caller.UserName is { } name ? await principals.FindAsync(name, cancellationToken) : null);
        var anonymousPull = options.Value.AnonymousPull;
        if (AccessDecision.ReadablePatterns(principal, grantSet, anonymousPull) is null) return null;
        return repository => AccessDecision.Allows(AccessDecision.PermissionOn(principal, repository, grantSet, anonymousPull), RegistryAction.Pull);
    }

    /// <summary>The namespace patterns a console caller may read (null: all), for listings the database filters.</summary>
    public async Task<IReadOnlyList<string>?> ReadablePatternsAsync(Principal? principal, CancellationToken cancellationToken) =>
        options.Value.Enabled ? AccessDecision.ReadablePatterns(principal, await grants.GetAsync(cancellationToken), options.Value.AnonymousPull) : null;

    /// <summary>Whether a console caller may do <paramref name="action"/> in <paramref name="repository"/>.</summary>
    public async Task<bool> PermitsAsync(Principal? principal, string repository, string action, CancellationToken cancellationToken) =>
        !options.Value.Enabled || AccessDecision.Allows(
            AccessDecision.PermissionOn(principal, repository, await grants.GetAsync(cancellationToken), options.Value.AnonymousPull), action);

    /// <summary>
    /// Which namespaces (names, not patterns) a console caller administers: admin there by the access decision, so by its
    /// global role, its own grants or its groups'. Everything when authentication is off.
    /// </summary>
    public async Task<Func<string, bool>> AdministersAsync(Principal? principal, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return _ => true;
        var grantSet = await grants.GetAsync(cancellationToken);
        var anonymousPull = options.Value.AnonymousPull;
        return @namespace => AccessDecision.PermissionOn(principal, @namespace, grantSet, anonymousPull) == NamespacePermission.Admin;
    }

    /// <summary>The namespace patterns a console caller administers (null: all), for the pages it is shown.</summary>
    public async Task<IReadOnlyList<string>?> AdministeredPatternsAsync(Principal? principal, CancellationToken cancellationToken) =>
        options.Value.Enabled ? AccessDecision.AdministeredPatterns(principal, await grants.GetAsync(cancellationToken)) : null;
}
