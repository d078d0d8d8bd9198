using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Appliance.Registry.Tests.Identity;

/// <summary>What a registry token grants, read from its <c>access</c> claim.</summary>
internal static class TokenAccess
{
    /// <summary>The actions of every entry of the claim; none when the token has no claim.</summary>
    public static string[] Actions(string token)
    {
        if (!new JsonWebToken(token).TryGetClaim("access", out var claim)) return [];
        using var json = JsonDocument.Parse(claim.Value);
        // One entry is written as an object, more (or none) as an array: the handler's way with claim lists.
        var entries = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement.EnumerateArray().ToArray() : [json.RootElement];
        return entries.SelectMany(e => e.GetProperty("actions").EnumerateArray().Select(a => a.GetString()!)).ToArray();
    }
}
