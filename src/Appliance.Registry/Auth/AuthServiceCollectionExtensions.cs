using Appliance.Core.Auth;
using Appliance.Core.Identity;

namespace Appliance.Registry.Auth;

public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddRegistryAuth(this IServiceCollection services)
    {
        return services.AddSingleton<IPasswordHasher, BcryptPasswordHasher>()
            .AddSingleton<UserService>()
            .AddSingleton<PrincipalLookup>()
            .AddSingleton<CallerAccess>()
            .AddSingleton<TokenSigningKeys>()
            .AddHostedService<SigningKeyRefresh>()
            .AddSingleton<TokenIssuer>()
            .AddSingleton<TokenValidator>()
            .AddSingleton<LoginThrottle>()
            .AddSingleton<CredentialVerifier>()
            .AddSingleton<LastLoginRecorder>()
            .AddHostedService(services => services.GetRequiredService<LastLoginRecorder>())
            .AddSingleton<RobotUseRecorder>()
            .AddHostedService(services => services.GetRequiredService<RobotUseRecorder>())
            .AddSingleton<CallerResolver>()
            .AddSingleton<AuthChallenge>()
            .AddSingleton<RegistryAuthorizer>()
            .AddSingleton<TokenEndpoint>()
            .AddSingleton<InitUserProvisioner>();
    }
}
