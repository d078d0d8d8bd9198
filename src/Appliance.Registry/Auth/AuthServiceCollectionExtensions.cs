using Appliance.Core.Auth;

namespace Appliance.Registry.Auth;

public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddRegistryAuth(this IServiceCollection services)
    {
        return services.AddSingleton<IPasswordHasher, BcryptPasswordHasher>()
            .AddSingleton<UserService>()
            .AddSingleton<AccessPolicy>()
            .AddSingleton<TokenSigningKeys>()
            .AddHostedService<SigningKeyRefresh>()
            .AddSingleton<TokenIssuer>()
            .AddSingleton<TokenValidator>()
            .AddSingleton<LoginThrottle>()
            .AddSingleton<CredentialVerifier>()
            .AddSingleton<LastLoginRecorder>()
            .AddHostedService(services => services.GetRequiredService<LastLoginRecorder>())
            .AddSingleton<CallerResolver>()
            .AddSingleton<AuthChallenge>()
            .AddSingleton<RegistryAuthorizer>()
            .AddSingleton<TokenEndpoint>()
            .AddSingleton<InitUserProvisioner>();
    }
}
