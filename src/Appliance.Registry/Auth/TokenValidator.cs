using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Appliance.Registry.Auth;

/// <summary>
/// Checks the bearer tokens this registry issued: ES256, signed by a current or previous signing key, unexpired. Done
/// here rather than by ASP.NET Core's authentication stack, which brings Data Protection along: a key ring this
/// registry never uses, written unencrypted to the service user's home directory with a warning at every start.
/// </summary>
public sealed class TokenValidator
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;
    private readonly TokenSigningKeys _keys;

    public TokenValidator(TokenSigningKeys keys, IOptions<AuthOptions> options)
    {
        _keys = keys;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Value.Issuer,
            ValidateAudience = options.Value.Service is not null,
            // Console sessions are signed by the same keys; the resolvers tell the two audiences apart.
            ValidAudiences = options.Value.Service is null ? null : [options.Value.Service, RegistryClaims.ConsoleAudience],
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            RequireExpirationTime = true,
            IssuerSigningKeyResolver = (_, _, keyId, _) => keys.Keys.Where(k => keyId is null || k.KeyId == keyId),
        };
    }

    /// <returns>The token's claims, or null when it is not valid.</returns>
    public async Task<ClaimsIdentity?> ValidateAsync(string token)
    {
        if (_keys.IsShared && KeyIdOf(token) is { Length: > 0 } keyId) await _keys.RefreshForUnknownKeyAsync(keyId, CancellationToken.None);
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        return result.IsValid ? result.ClaimsIdentity : null;
    }

    /// <summary>The <c>kid</c> the token's header names, or null when it is not even shaped like a token (validation then refuses it).</summary>
    private static string? KeyIdOf(string token)
    {
        try
        {
            return new JsonWebToken(token).Kid;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return null;
        }
    }
}
