using System.Text.Json;
using Appliance.Core.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Appliance.Registry.Auth;

/// <summary>Turns the request's credentials (bearer token, Basic, or none) into a <see cref="RegistryCaller"/>.</summary>
public sealed class CallerResolver(CredentialVerifier verifier, AccessPolicy policy, IOptions<AuthOptions> options)
{
    /// <returns>The caller, or null when credentials were presented and are not valid.</returns>
    public async Task<RegistryCaller?> ResolveAsync(HttpContext context)
    {
        if (!options.Value.Enabled) return RegistryCaller.Unrestricted(policy);
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            if (!result.Succeeded) return null;
            return RegistryCaller.ForToken(policy, result.Principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, GrantsOf(result.Principal));
        }
        if (BasicCredentials.FromRequest(context.Request) is { } credentials)
        {
            var user = await verifier.VerifyAsync(credentials, ClientAddress(context), context.RequestAborted);
            return user is null ? null : RegistryCaller.ForUser(policy, user);
        }
        return RegistryCaller.Anonymous(policy, options.Value.AnonymousPull);
    }

    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static HashSet<(string, string)> GrantsOf(System.Security.Claims.ClaimsPrincipal principal)
    {
        var grants = new HashSet<(string, string)>();
        foreach (var claim in principal.FindAll(RegistryClaims.Access))
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
