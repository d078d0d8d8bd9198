using System.Text.Json;
using Appliance.Core.Identity;
using Appliance.Registry.ConsoleApi;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Appliance.Registry.Auth;

/// <summary>Turns the request's credentials (bearer token, Basic, or none) into a <see cref="RegistryCaller"/>.</summary>
public sealed class CallerResolver(CredentialVerifier verifier, TokenValidator tokens, ConsoleSessions sessions, GrantCache grants,
    IOptions<AuthOptions> options)
{
    /// <returns>The caller, or null when credentials were presented and are not valid.</returns>
    public async Task<RegistryCaller?> ResolveAsync(HttpContext context)
    {
        if (!options.Value.Enabled) return RegistryCaller.Unrestricted();
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var claims = await tokens.ValidateAsync(authorization["Bearer ".Length..].Trim());
            if (claims is null || claims.FindFirst(JwtRegisteredClaimNames.Aud)?.Value == RegistryClaims.ConsoleAudience) return null;
            return RegistryCaller.ForToken(claims.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, GrantsOf(claims));
        }
        if (BasicCredentials.FromRequest(context.Request) is { } credentials)
        {
            var principal = await verifier.VerifyAsync(credentials, ClientAddress(context), context.RequestAborted);
            return principal is null ? null : RegistryCaller.For(principal, await grants.GetAsync(context.RequestAborted), options.Value.AnonymousPull);
        }
        // The console's pages read the release-check and cluster-config endpoints with their session: GETs only, as writes
        // need the console's CSRF check, and never under /v2/.
        if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.StartsWithSegments("/api/v1")
            && await sessions.ResumeAsync(context) is { } sessionUser)
        {
            return RegistryCaller.For(sessionUser, await grants.GetAsync(context.RequestAborted), options.Value.AnonymousPull);
        }
        return RegistryCaller.Anonymous(await grants.GetAsync(context.RequestAborted), options.Value.AnonymousPull);
    }

    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static HashSet<(string, string)> GrantsOf(System.Security.Claims.ClaimsIdentity claims)
    {
        var grants = new HashSet<(string, string)>();
        foreach (var claim in claims.FindAll(RegistryClaims.Access))
        {
            using var document = JsonDocument.Parse(claim.Value);
            var entries = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
            foreach (var entry in entries)
            {
                var resource = RegistryCaller.GrantResource(entry.GetProperty("type").GetString()!, entry.GetProperty("name").GetString()!);
                foreach (var action in entry.GetProperty("actions").EnumerateArray()) grants.Add((resource, action.GetString()!));
            }
        }
        return grants;
    }
}
