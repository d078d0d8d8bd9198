using Appliance.Core.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Appliance.Registry.Auth;

public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddRegistryAuth(this IServiceCollection services, AuthOptions options)
    {
        services.AddSingleton<IPasswordHasher, BcryptPasswordHasher>()
            .AddSingleton<UserService>()
            .AddSingleton<AccessPolicy>()
            .AddSingleton<TokenSigningKeys>()
            .AddSingleton<TokenIssuer>()
            .AddSingleton<LoginThrottle>()
            .AddSingleton<CredentialVerifier>()
            .AddSingleton<CallerResolver>()
            .AddSingleton<AuthChallenge>()
            .AddSingleton<RegistryAuthorizer>()
            .AddSingleton<TokenEndpoint>()
            .AddSingleton<InitUserProvisioner>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TokenSigningKeys>((jwt, keys) =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidateAudience = options.Service is not null,
                ValidAudience = options.Service,
                ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
                ClockSkew = TimeSpan.FromSeconds(30),
                RequireExpirationTime = true,
                IssuerSigningKeyResolver = (_, _, keyId, _) => keys.Keys.Where(k => keyId is null || k.KeyId == keyId),
            };
        });
        return services;
    }
}
