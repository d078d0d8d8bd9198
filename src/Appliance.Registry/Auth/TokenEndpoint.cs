using Appliance.Core.Auth;
using Appliance.Core.Errors;
using Appliance.Core.Identity;
using Appliance.Registry.Api;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Appliance.Registry.Auth;

/// <summary>
/// <c>GET /v2/auth</c> (Basic credentials, as podman, skopeo and docker send) and <c>POST /v2/auth</c>
/// (OAuth2 password grant, as containerd sends): issues a token for the scopes the caller may have.
/// </summary>
public sealed class TokenEndpoint(CredentialVerifier verifier, TokenIssuer issuer, GrantCache grantCache, AuthChallenge challenge,
    IOptions<AuthOptions> options)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        BasicCredentials? credentials;
        IEnumerable<string> scopeTexts;
        string? service;
        if (HttpMethods.IsPost(request.Method))
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            if (form["grant_type"] != "password")
            {
                await WriteOAuthErrorAsync(context, "unsupported_grant_type", "only the password grant is supported");
                return;
            }
            credentials = new BasicCredentials(form["username"].ToString(), form["password"].ToString());
            scopeTexts = form["scope"].SelectMany(s => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
            service = form["service"];
        }
        else
        {
            credentials = BasicCredentials.FromRequest(request);
            scopeTexts = request.Query["scope"].SelectMany(s => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
            service = request.Query["service"];
        }

        Principal? principal = null;
        var grants = await grantCache.GetAsync(context.RequestAborted);
        var anonymousPull = options.Value.AnonymousPull;
        if (credentials is not null)
        {
            principal = await verifier.VerifyAsync(credentials, CallerResolver.ClientAddress(context), context.RequestAborted);
            if (principal is null)
            {
                context.Response.Headers[HeaderNames.WWWAuthenticate] = "Basic realm=\"Appliance Registry\"";
                await OciError.WriteAsync(context, OciErrorCode.Unauthorized, "invalid user name or password");
                return;
            }
        }
        else if (!anonymousPull && !grants.HasAny(PrincipalKind.Anonymous, ""))
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Basic realm=\"Appliance Registry\"";
            await OciError.WriteAsync(context, OciErrorCode.Unauthorized, "credentials are required");
            return;
        }

        var granted = new List<AccessScope>();
        foreach (var text in scopeTexts)
        {
            if (!AccessScope.TryParse(text, out var requested)) continue;
            var actions = Grant(principal, requested, grants, anonymousPull);
            if (actions.Count > 0) granted.Add(requested with { Actions = actions });
        }

        var token = issuer.Issue(principal?.Name, service ?? challenge.Service(request), granted);
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsJsonAsync(new
        {
            token = token.Token,
            access_token = token.Token,
            expires_in = token.ExpiresInSeconds,
            issued_at = token.IssuedAt.ToString("O"),
        }, context.RequestAborted);
    }

    /// <summary>
    /// The requested actions the caller may have. Repositories: what the access decision allows there. The catalog ("*", as
    /// distribution's clients ask it): whoever may list it at all (it lists only what the caller may pull).
    /// </summary>
    private static IReadOnlyList<string> Grant(Principal? principal, AccessScope requested, GrantSet grants, bool anonymousPull)
    {
        if (requested.Type == AccessScope.Registry)
        {
            var mayList = requested.Name == AccessScope.Catalog && AccessDecision.MayListCatalog(principal, grants, anonymousPull);
            return mayList && requested.Actions.Contains(RegistryAction.All) ? [RegistryAction.All] : [];
        }
        if (requested.Type != AccessScope.Repository) return [];
        var allowed = AccessDecision.ActionsOf(AccessDecision.PermissionOn(principal, requested.Name, grants, anonymousPull));
        // Clients that delete ask "*" too.
        return requested.Actions.Contains(RegistryAction.All) ? allowed : requested.Actions.Where(allowed.Contains).Distinct().ToArray();
    }

    private static Task WriteOAuthErrorAsync(HttpContext context, string error, string description)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return context.Response.WriteAsJsonAsync(new { error, error_description = description }, context.RequestAborted);
    }
}
