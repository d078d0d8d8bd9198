using Appliance.Core.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Appliance.Registry.Auth;

/// <summary>Issues Docker registry tokens: short-lived ES256 JWTs whose <c>access</c> claim lists granted actions.</summary>
public sealed class TokenIssuer(TokenSigningKeys keys, IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <param name="lifetime">The configured token lifetime when null.</param>
    public IssuedToken Issue(string? subject, string audience, IReadOnlyList<AccessScope> granted, TimeSpan? lifetime = null)
    {
        var now = clock.GetUtcNow();
        lifetime ??= TimeSpan.FromSeconds(options.Value.TokenLifetimeSeconds);
        var access = granted.Select(scope => new Dictionary<string, object>
        {
            ["type"] = scope.Type, ["name"] = scope.Name, ["actions"] = scope.Actions.ToArray(),
        }).ToList();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime.Value).UtcDateTime,
            SigningCredentials = new SigningCredentials(keys.Current, SecurityAlgorithms.EcdsaSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = subject ?? "",
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                [RegistryClaims.Access] = access,
            },
        };
        Metrics.RegistryMetrics.TokensIssued.Inc();
        return new IssuedToken(_handler.CreateToken(descriptor), (int)lifetime.Value.TotalSeconds, now);
    }
}

public sealed record IssuedToken(string Token, int ExpiresInSeconds, DateTimeOffset IssuedAt);
